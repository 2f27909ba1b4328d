/**
 * deploy/: the Agones manifests validated against the CRD schemas of the official install.yaml
 * (Agones 1.57: its GameServer, Fleet and FleetAutoscaler CRDs copied unchanged into
 * test/deploy/agones-crds.yaml, checked against ../shared/agones/install/install.yaml where that
 * lies beside the checkout) with Ajv, a maintained JSON-schema
 * validator; the GameServerAllocation (served by Agones' allocator, no CRD in install.yaml)
 * checked against the Fleet it selects; the Dockerfile checked for what hadolint would look at
 * first (hadolint is not in Debian's packages, and no image can be pulled here to build it).
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = join(import.meta.dir, '../..');
/** The CRDs we validate against, copied from install.yaml: here wherever the repository is. */
const CRDS = join(import.meta.dir, 'agones-crds.yaml');
/** shared/ lies beside the checkout (/work/main) or two levels up (a worktree in /work/wt). */
const INSTALL = ['..', '../..']
  .map((up) => join(ROOT, up, 'shared/agones/install/install.yaml'))
  .find((p) => existsSync(p));
const deploy = (f: string) => readFileSync(join(ROOT, 'deploy', f), 'utf8');

type Schema = Record<string, unknown>;
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are free YAML
  spec: any;
}

/** The v1 schema of every CRD in install.yaml, by "group/version kind". */
function crdSchemas(file = CRDS): Map<string, Schema> {
  const schemas = new Map<string, Schema>();
  // 20 000 lines: only the documents of the CRDs we use are parsed (the rest takes seconds).
  const wanted =
    /^kind: CustomResourceDefinition$[\s\S]*?^ {2}name: (fleets|gameservers|fleetautoscalers)\./m;
  const docs = readFileSync(file, 'utf8')
    .split(/^---$/m)
    .filter((d) => wanted.test(d));
  for (const text of docs) {
    const crd = parse(text) as {
      kind?: string;
      spec?: {
        group: string;
        names: { kind: string };
        versions: { name: string; schema: { openAPIV3Schema: Schema } }[];
      };
    } | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    for (const v of crd.spec.versions) {
      schemas.set(`${crd.spec.group}/${v.name} ${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
    }
  }
  return schemas;
}

/**
 * OpenAPI 3.0 spells an exclusive bound as a boolean beside `minimum`/`maximum` (JSON Schema
 * draft 4); Ajv reads draft 7, where it is the bound itself: rewritten, everywhere in the tree.
 */
function toDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft7);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = toDraft7(v);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  return out;
}

// Kubernetes' structural-schema extensions are not JSON Schema keywords: declared, not checked.
const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31,
});
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
for (const k of [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
]) {
  ajv.addKeyword(k);
}

const schemas = crdSchemas();

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

function errorsOf(m: Manifest): string[] {
  const key = `${m.apiVersion} ${m.kind}`;
  const schema = schemas.get(key);
  if (!schema) return [`no CRD for ${key}`];
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(toDraft7(schema) as Schema);
    compiled.set(key, validate);
  }
  return validate(m) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const manifest = (f: string) => parse(deploy(`agones/${f}`)) as Manifest;

describe('deploy/agones against the CRDs of install.yaml', () => {
  test.skipIf(INSTALL === undefined)(
    'the copied CRDs are those of install.yaml, unchanged (where ../shared is beside the checkout)',
    () => {
      expect(crdSchemas(INSTALL)).toEqual(schemas);
    },
  );

  test('install.yaml has the CRDs we use', () => {
    for (const k of [
      'agones.dev/v1 GameServer',
      'agones.dev/v1 Fleet',
      'autoscaling.agones.dev/v1 FleetAutoscaler',
    ]) {
      expect(schemas.has(k)).toBe(true);
    }
  });

  test.each(['gameserver.yaml', 'fleet.yaml', 'fleetautoscaler.yaml'])('%s is valid', (f) => {
    expect(errorsOf(manifest(f))).toEqual([]);
  });

  test('the validation can fail: broken manifests are refused, each for its fault', () => {
    const gs = manifest('gameserver.yaml');
    gs.spec.ports[0].portPolicy = 'Sometimes';
    expect(errorsOf(gs).join()).toContain('portPolicy');
    const gs2 = manifest('gameserver.yaml');
    gs2.spec.counters.players.capacity = 'ten';
    expect(errorsOf(gs2).join()).toContain('capacity');
    const fa = manifest('fleetautoscaler.yaml');
    fa.spec.policy.type = 'Guess';
    expect(errorsOf(fa).length).toBeGreaterThan(0);
    const fleet = manifest('fleet.yaml');
    fleet.spec.replicas = -1;
    expect(errorsOf(fleet).join()).toContain('replicas');
  });

  test('the allocation selects the fleet by its players Counter; the autoscaler scales that fleet', () => {
    const fleet = manifest('fleet.yaml');
    const alloc = manifest('allocation.yaml');
    expect(`${alloc.apiVersion} ${alloc.kind}`).toBe(
      'allocation.agones.dev/v1 GameServerAllocation',
    );
    const counters = Object.keys(fleet.spec.template.spec.counters);
    expect(counters.sort()).toEqual(['players', 'rooms']);
    expect(Object.keys(fleet.spec.template.spec.lists)).toEqual(['names']);
    for (const s of alloc.spec.selectors) {
      expect(s.matchLabels['agones.dev/fleet']).toBe(fleet.metadata!.name);
      expect(['Ready', 'Allocated']).toContain(s.gameServerState);
      for (const key of Object.keys(s.counters ?? {})) expect(counters).toContain(key);
    }
    expect(
      alloc.spec.selectors.some((s: { counters?: object }) => 'players' in (s.counters ?? {})),
    ).toBe(true);
    for (const p of alloc.spec.priorities) expect(counters).toContain(p.key);
    expect(manifest('fleetautoscaler.yaml').spec.fleetName).toBe(fleet.metadata!.name);
  });
});

describe('deploy/Dockerfile and the manifests agree with the server', () => {
  const docker = deploy('Dockerfile');
  const lines = docker.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));

  test('multi-stage: built with the pinned Bun, run on a small base as a non-root user', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBe(2);
    expect(froms[0]).toBe('FROM oven/bun:1.4.5 AS build');
    for (const f of froms) expect(f).not.toMatch(/:latest\b|^FROM [^:]+$/); // pinned tags
    const final = lines.slice(lines.indexOf(froms[1]!));
    const user = final.find((l) => l.startsWith('USER '));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(final.indexOf(user!)).toBeLessThan(final.findIndex((l) => l.startsWith('ENTRYPOINT')));
    expect(final).toContain('EXPOSE 9998/udp');
    expect(final.some((l) => l.startsWith('COPY --from=build '))).toBe(true);
    // hadolint DL3025: JSON form for ENTRYPOINT and CMD.
    for (const l of final.filter((x) => /^(ENTRYPOINT|CMD) /.test(x))) expect(l).toMatch(/^\w+ \[/);
  });

  test('the GameServer port is the one the image exposes and the args listen on; --agones is on', () => {
    for (const f of ['gameserver.yaml', 'fleet.yaml']) {
      const m = manifest(f);
      const spec = f === 'fleet.yaml' ? m.spec.template.spec : m.spec;
      expect(spec.ports[0]).toMatchObject({ containerPort: 9998, protocol: 'UDP' });
      const args: string[] = spec.template.spec.containers[0].args;
      expect(args).toContain('--agones');
      expect(args[args.indexOf('--port') + 1]).toBe('9998');
      // Room for every seat of every room: a Counter cannot go past its capacity.
      const seats =
        Number(args[args.indexOf('--max-players') + 1]) *
        Number(args[args.indexOf('--max-rooms') + 1]);
      expect(spec.counters.players.capacity).toBe(seats);
      expect(spec.counters.rooms.capacity).toBe(Number(args[args.indexOf('--max-rooms') + 1]));
      expect(spec.health.periodSeconds).toBeGreaterThanOrEqual(4); // Health every 2 s by default
      expect(spec.template.spec.securityContext.runAsUser).toBe(10001);
    }
    expect(deploy('Dockerfile')).toContain('useradd --system --uid 10001');
  });
});
