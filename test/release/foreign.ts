/**
 * Running release executables built for another platform on this x64 glibc machine:
 * - linux-arm64 under `qemu-aarch64-static -L /usr/aarch64-linux-gnu` (Debian's
 *   `qemu-user-static` and `libc6-arm64-cross`). `haunted bench` starts `haunted serve` from its
 *   own executable, which the kernel cannot run without a binfmt_misc entry for aarch64: the
 *   runner registers one in a private binfmt_misc of a new user namespace (Linux 6.7+), so
 *   nothing on the machine changes; where that is refused, only the commands that start no
 *   other process run.
 * - linux-x64-musl on musl's loader and libc (Debian's `musl`: /lib/ld-musl-x86_64.so.1, the
 *   path Alpine has), with Debian's libstdc++ and libgcc_s (Debian has none built for musl)
 *   and a shim of the seven glibc symbols they ask for (glibc-shim.c, built with `musl-tools`).
 * Each runner is a way to run the executable, or the plain reason why there is none.
 */
import { existsSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Runner {
  /** Runs the executable with these arguments, within `timeoutMs`. */
  run(args: readonly string[], timeoutMs?: number): Promise<Ran>;
  /** Whether the executable can start itself again (`haunted bench` starts `haunted serve`). */
  selfSpawn: boolean;
  /** How it runs, for the test's log. */
  how: string;
}

export type RunnerOrReason = { runner: Runner } | { reason: string };

async function spawn(
  cmd: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<Ran> {
  const proc = Bun.spawn([...cmd], {
    env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: timeoutMs,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

const AARCH64_SYSROOT = '/usr/aarch64-linux-gnu';
// Debian's /usr/lib/binfmt.d/qemu-aarch64.conf: an aarch64 ELF executable's header and mask.
const AARCH64_MAGIC =
  '\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00';
const AARCH64_MASK =
  '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff';

/** The linux-arm64 executable under qemu-user, or why it cannot run here. */
export async function aarch64Runner(binary: string): Promise<RunnerOrReason> {
  const qemu = Bun.which('qemu-aarch64-static');
  if (!qemu)
    return { reason: 'no qemu-aarch64-static (Debian: qemu-user-static; .ci/run installs it)' };
  if (!existsSync(join(AARCH64_SYSROOT, 'lib/ld-linux-aarch64.so.1')))
    return {
      reason: `no aarch64 C library in ${AARCH64_SYSROOT} (Debian: libc6-arm64-cross; .ci/run installs it)`,
    };
  const env = { ...process.env, QEMU_LD_PREFIX: AARCH64_SYSROOT };
  // F: qemu is opened now, so the entry works whatever the mount namespace later.
  const entry = `:haunted-aarch64:M::${AARCH64_MAGIC}:${AARCH64_MASK}:${qemu}:F`;
  const binfmt = [
    'unshare',
    '--user',
    '--map-root-user',
    '--mount',
    'sh',
    '-c',
    `mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc && printf '%s' '${entry}' > /proc/sys/fs/binfmt_misc/register && exec "$@"`,
    'sh',
    binary,
  ];
  const probe = await spawn([...binfmt, '--version'], env, 30_000);
  if (probe.code === 0)
    return {
      runner: {
        run: (args, timeoutMs = 60_000) => spawn([...binfmt, ...args], env, timeoutMs),
        selfSpawn: true,
        how: `qemu-aarch64-static -L ${AARCH64_SYSROOT}, through a binfmt_misc entry of a private user namespace`,
      },
    };
  const plain = [qemu, '-L', AARCH64_SYSROOT, binary];
  return {
    runner: {
      run: (args, timeoutMs = 60_000) => spawn([...plain, ...args], env, timeoutMs),
      selfSpawn: false,
      how: `qemu-aarch64-static -L ${AARCH64_SYSROOT} (no private binfmt_misc here: ${probe.stderr.trim() || `exit ${probe.code}`}; so haunted cannot start itself again)`,
    },
  };
}

const MUSL_LOADER = '/lib/ld-musl-x86_64.so.1';
const GNU_LIB = '/usr/lib/x86_64-linux-gnu';

/** The linux-x64-musl executable on musl's loader and libc, or why it cannot run here. */
export async function muslRunner(binary: string): Promise<RunnerOrReason> {
  if (!existsSync(MUSL_LOADER))
    return { reason: `no ${MUSL_LOADER} (Debian: musl; .ci/run installs it)` };
  const cc = Bun.which('musl-gcc');
  if (!cc) return { reason: 'no musl-gcc to build the glibc shim (Debian: musl-tools)' };
  for (const lib of ['libstdc++.so.6', 'libgcc_s.so.1'])
    if (!existsSync(join(GNU_LIB, lib)))
      return {
        reason: `no ${GNU_LIB}/${lib}: Debian has no ${lib} built for musl, and not even glibc's is here`,
      };
  const dir = mkdtempSync(join(tmpdir(), 'haunted-musl-'));
  const libc = realpathSync(MUSL_LOADER);
  // Alpine's name for musl's libc, and the glibc names that Debian's libstdc++ was linked against.
  for (const name of ['libc.musl-x86_64.so.1', 'libc.so.6', 'libm.so.6', 'ld-linux-x86-64.so.2'])
    symlinkSync(libc, join(dir, name));
  for (const name of ['libstdc++.so.6', 'libgcc_s.so.1'])
    symlinkSync(join(GNU_LIB, name), join(dir, name));
  const shim = join(dir, 'libglibc-shim.so');
  const cc_ = await spawn(
    [cc, '-shared', '-fPIC', '-O2', '-o', shim, join(import.meta.dir, 'glibc-shim.c')],
    process.env,
    60_000,
  );
  if (cc_.code !== 0) return { reason: `musl-gcc could not build the glibc shim: ${cc_.stderr}` };
  const env = { ...process.env, LD_LIBRARY_PATH: dir, LD_PRELOAD: shim };
  return {
    runner: {
      run: (args, timeoutMs = 60_000) => spawn([binary, ...args], env, timeoutMs),
      selfSpawn: true,
      how: `${MUSL_LOADER} (Debian's musl ${libc}) with Debian's glibc-built libstdc++ and libgcc_s and a 7-symbol shim: musl libc as on Alpine, but not Alpine's own libstdc++ (Debian has none for musl)`,
    },
  };
}
