/**
 * `haunted bots <host>[:port] --count N`: headless players that join any server over the real
 * protocol and play until stopped (Ctrl-C or SIGTERM: they leave properly, then exit 0). One
 * line per bot as it joins, is refused or gives up; exit 1 when none of them could play.
 */
import { parseTarget } from '../../client/target.ts';
import { describeConditions } from '../../net/conditioned.ts';
import { resolveHost } from '../../net/udp.ts';
import { startBots } from '../bot-runner.ts';
import { type CliIO, EXIT } from '../cli-io.ts';
import { seedAndConditions } from './net-flags.ts';

export interface BotsOptions {
  count: number;
  seed?: number;
  lag?: string;
  jitter?: string;
  loss?: string;
  dup?: string;
}

export async function runBots(io: CliIO, target: string, opts: BotsOptions): Promise<number> {
  const parsed = parseTarget(target);
  if ('error' in parsed) {
    io.stderr(`haunted bots: ${parsed.error}\n`);
    return EXIT.usage;
  }
  const flags = seedAndConditions(opts);
  if ('error' in flags) {
    io.stderr(`haunted bots: ${flags.error}\n`);
    return EXIT.usage;
  }
  const { seed, conditions } = flags;
  let ip: string;
  try {
    ip = await resolveHost(parsed.host);
  } catch (err) {
    // No cause: the name itself is malformed (a usage error); with one, the lookup failed.
    const e = err as Error;
    io.stderr(`haunted bots: ${e.message}\n`);
    return e.cause === undefined ? EXIT.usage : EXIT.failure;
  }
  const clock = () => performance.now();
  const server = { address: ip, port: parsed.port };
  let runner: Awaited<ReturnType<typeof startBots>>;
  try {
    runner = await startBots({ server, count: opts.count, seed, clock, conditions });
  } catch (err) {
    io.stderr(`haunted bots: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
  const where = `${ip.includes(':') ? `[${ip}]` : ip}:${parsed.port}`;
  io.stdout(
    `${opts.count} bot${opts.count === 1 ? '' : 's'} joining ${where} (seed ${seed}${
      conditions ? `, ${describeConditions(conditions)}` : ''
    }); Ctrl-C makes them leave\n`,
  );

  return new Promise<number>((resolve) => {
    const said = new Map<string, string>();
    let everPlayed = false;
    const watch = setInterval(() => {
      for (const bot of runner.bots) {
        const { state, detail } = bot.conn;
        const line = state === 'playing' ? 'playing' : `${state}: ${detail}`;
        const name = bot.name;
        if (said.get(name) === line) continue;
        const quiet = state === 'hello' || state === 'connecting' || state === 'loading';
        said.set(name, line);
        if (state === 'playing') everPlayed = true;
        if (!quiet) io.stdout(`${name}: ${line}\n`);
      }
      if (runner.bots.every((b) => b.conn.isFinal)) stop(everPlayed ? EXIT.ok : EXIT.failure);
    }, 100);
    let stopping = false;
    const stop = (code: number = EXIT.ok) => {
      if (stopping) return;
      stopping = true;
      clearInterval(watch);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      runner.stop().then(() => {
        if (code !== EXIT.ok) io.stderr(`haunted bots: no bot could play on ${where}\n`);
        resolve(code);
      });
    };
    const onSignal = () => stop(EXIT.ok);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
