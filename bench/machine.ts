/**
 * The machine beside a benchmark (Linux /proc; null elsewhere): how busy its cores were, how long
 * a process waited for one, what the kernel dropped; and the scheduling a benchmark may ask for
 * its own processes on a machine shared with other work (renice, SCHED_FIFO; needs root).
 * bench/capacity.ts reads these at both ends of its window.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { round } from '../src/bench/server-bench.ts';

/** Puts every thread of `pid` in SCHED_FIFO at `priority` (nothing for 0); false if refused. */
export function fifo(priority: number, pid: number): boolean {
  if (priority === 0) return true;
  const r = Bun.spawnSync(['chrt', '-f', '-a', '-p', String(priority), String(pid)], {
    stdout: 'ignore',
    stderr: 'ignore',
  });
  return r.exitCode === 0;
}

/**
 * Gives `pids` the niceness `nice`, every thread of them (Linux's is per thread); nothing for 0.
 * False when renice refused.
 */
export function renice(nice: number, pids: readonly number[]): boolean {
  if (nice === 0 || pids.length === 0) return true;
  const tids = pids.flatMap((pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [String(pid)];
    }
  });
  const r = Bun.spawnSync(['renice', '-n', String(nice), '-p', ...tids], {
    stdout: 'ignore',
    stderr: 'ignore',
  });
  return r.exitCode === 0;
}

/** The machine's busy and total CPU ticks so far, over all its cores (/proc/stat), or null. */
export function machineBusy(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - f[4]!, total }; // all but idle and iowait
  } catch {
    return null;
  }
}

/** The machine's busy CPU between two readings, % of one core (200: both of 2 cores). */
export function busyPercent(
  a: ReturnType<typeof machineBusy>,
  b: ReturnType<typeof machineBusy>,
): number | null {
  if (!a || !b || b.total <= a.total) return null;
  return round((100 * availableParallelism() * (b.busy - a.busy)) / (b.total - a.total), 1);
}

/**
 * How long a process's main thread has waited, runnable, for a core (/proc/<pid>/schedstat's
 * run_delay), seconds; null where it is not there. A server that waits is starved by other work
 * on the machine: its late ticks are then the machine's, not its own.
 */
export function runQueueSeconds(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

/**
 * Datagrams the kernel dropped so far because a UDP socket's receive buffer was full
 * (/proc/net/snmp's Udp RcvbufErrors, the whole machine's), or null.
 */
export function udpRcvbufErrors(): number | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('Udp: '));
    const names = lines[i]!.split(' ');
    const values = lines[i + 1]!.split(' ');
    const v = Number(values[names.indexOf('RcvbufErrors')]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}
