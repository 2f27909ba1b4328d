/**
 * What this `haunted` is: the version, the commit and the Bun target it was built for, for
 * `haunted --version`, `haunted version --json` (bug reports, the list server) and the server's
 * banner. The build (scripts/build.ts) writes the commit and the target in with `define`; a run
 * from source has neither and says so.
 */
import pkg from '../../package.json' with { type: 'json' };
import { PROTOCOL_VERSION } from '../protocol/constants.ts';
import { type CliIO, EXIT } from './cli-io.ts';

// Replaced by the build (`define`); left undeclared at run time when run from source.
declare const HAUNTED_BUILD_COMMIT: string | undefined;
declare const HAUNTED_BUILD_TARGET: string | undefined;

/** What `haunted version --json` prints. */
export interface BuildInfo {
  version: string;
  /** `git rev-parse --short HEAD` at build time, `-dirty` appended for a dirty tree, `unknown` outside git; `source` when run from source. */
  commit: string;
  /** The Bun target of the build (`bun-linux-x64`, `bun-windows-x64`, …); `source` when run from source. */
  target: string;
  /** PROTOCOL_VERSION: which servers and clients can talk to it. */
  protocol: number;
  /** The Bun version running it (the runtime inside the executable). */
  bun: string;
}

/** The commit and target written in by the build, or null for a run from source. */
export function builtFor(): { commit: string; target: string } | null {
  if (typeof HAUNTED_BUILD_TARGET !== 'string') return null;
  return {
    commit: typeof HAUNTED_BUILD_COMMIT === 'string' ? HAUNTED_BUILD_COMMIT : 'unknown',
    target: HAUNTED_BUILD_TARGET,
  };
}

export function buildInfo(): BuildInfo {
  const built = builtFor();
  return {
    version: pkg.version,
    commit: built?.commit ?? 'source',
    target: built?.target ?? 'source',
    protocol: PROTOCOL_VERSION,
    bun: Bun.version,
  };
}

/** One line for people: `haunted 0.1.0 (commit 8323f3a, bun-linux-x64, protocol 2)`. */
export function versionLine(info: BuildInfo = buildInfo()): string {
  if (info.target === 'source')
    return `haunted ${info.version} (run from source, not built; bun ${info.bun}, protocol ${info.protocol})`;
  return `haunted ${info.version} (commit ${info.commit}, ${info.target}, protocol ${info.protocol})`;
}

/** The command a friend types to run `haunted`: the executable, or the source checkout's script. */
export function hauntedCommand(): string {
  return builtFor() ? 'haunted' : 'bun run haunted';
}

/** `haunted version [--json]`. */
export function runVersion(io: CliIO, opts: { json: boolean }): number {
  const info = buildInfo();
  io.stdout(opts.json ? `${JSON.stringify(info)}\n` : `${versionLine(info)}\n`);
  return EXIT.ok;
}
