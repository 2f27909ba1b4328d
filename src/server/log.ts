/**
 * The server's log: one line per event (connection, refusal, disconnection, timeout, game start,
 * catch, game end, console command), as text or as one JSON object per line, to every sink
 * given (stderr, a file). Time stamps come from the clock the CLI passes in.
 */
export type LogFormat = 'text' | 'json';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  event(name: string, fields?: LogFields): void;
  /** Debug lines (datagrams in and out): only written while debug is on. */
  debug(text: string): void;
  debugEnabled: boolean;
}

export interface LoggerOptions {
  readonly format: LogFormat;
  /** Each sink gets whole lines, newline included. */
  readonly sinks: readonly ((line: string) => void)[];
  /** Wall-clock time for the stamps, in ms since the epoch. */
  readonly wallClock: () => number;
  readonly debug?: boolean;
}

function formatValue(v: string | number | boolean | null): string {
  const s = String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

export function createLogger(options: LoggerOptions): Logger {
  const write = (line: string) => {
    for (const sink of options.sinks) sink(`${line}\n`);
  };
  const stamp = () => new Date(options.wallClock()).toISOString();
  return {
    debugEnabled: options.debug ?? false,
    event(name, fields = {}) {
      if (options.format === 'json') {
        write(JSON.stringify({ time: stamp(), event: name, ...fields }));
      } else {
        const rest = Object.entries(fields)
          .map(([k, v]) => `${k}=${formatValue(v)}`)
          .join(' ');
        write(`${stamp()} ${name}${rest ? ` ${rest}` : ''}`);
      }
    },
    debug(text) {
      if (!this.debugEnabled) return;
      if (options.format === 'json') write(JSON.stringify({ time: stamp(), event: 'debug', text }));
      else write(`${stamp()} debug ${text}`);
    },
  };
}

/** A logger that keeps lines in memory: for tests. */
export function memoryLogger(): Logger & { lines: { name: string; fields: LogFields }[] } {
  const lines: { name: string; fields: LogFields }[] = [];
  return {
    lines,
    debugEnabled: false,
    event(name, fields = {}) {
      lines.push({ name, fields });
    },
    debug() {},
  };
}
