/**
 * The server's log: one line per event (connection, refusal, disconnection, timeout, game start,
 * catch, game end, console command), as text or as one JSON object per line, to every sink
 * given (stderr, a file). Time stamps come from the clock the CLI passes in.
 *
 * Lines of one kind are rate-limited: past LOG_BURST lines of an event in a LOG_WINDOW_MS
 * window, the rest are counted, not written, and one `log-suppressed` line says how many there
 * were when the window closes (50 000 refused HELLOs in 10 s make a few dozen lines, not 4 MB).
 */
export type LogFormat = 'text' | 'json';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  event(name: string, fields?: LogFields): void;
  /** Writes the summary of lines held back in a window that has closed (call it every second). */
  flush(): void;
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

/** Lines of one event written per window before the rest are only counted (64: a full server joining at once). */
export const LOG_BURST = 64;
export const LOG_WINDOW_MS = 10_000;

export function createLogger(options: LoggerOptions): Logger {
  const write = (line: string) => {
    for (const sink of options.sinks) sink(`${line}\n`);
  };
  const stamp = () => new Date(options.wallClock()).toISOString();
  /** Per event name: lines written in the window, lines held back, when the window began. */
  const windows = new Map<string, { written: number; suppressed: number; since: number }>();
  const flush = (now: number) => {
    for (const [name, w] of windows) {
      if (now - w.since < LOG_WINDOW_MS) continue;
      windows.delete(name);
      if (w.suppressed > 0) {
        writeEvent('log-suppressed', {
          kind: name,
          count: w.suppressed,
          seconds: Math.round((now - w.since) / 1000),
        });
      }
    }
  };
  const writeEvent = (name: string, fields: LogFields) => {
    if (options.format === 'json') {
      write(JSON.stringify({ time: stamp(), event: name, ...fields }));
    } else {
      const rest = Object.entries(fields)
        .map(([k, v]) => `${k}=${formatValue(v)}`)
        .join(' ');
      write(`${stamp()} ${name}${rest ? ` ${rest}` : ''}`);
    }
  };
  return {
    debugEnabled: options.debug ?? false,
    event(name, fields = {}) {
      const now = options.wallClock();
      flush(now);
      let w = windows.get(name);
      if (w === undefined) {
        w = { written: 0, suppressed: 0, since: now };
        windows.set(name, w);
      }
      if (w.written >= LOG_BURST) {
        w.suppressed++;
        return;
      }
      w.written++;
      writeEvent(name, fields);
    },
    flush() {
      flush(options.wallClock());
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
    flush() {},
    debug() {},
  };
}

/**
 * `logger` with `fields` put first on every event line: a room's logger (`room=NAME`), so that
 * every line of what happens in a room says which. Debug lines and the summaries pass through.
 */
export function withFields(logger: Logger, fields: LogFields): Logger {
  return {
    event: (name, more = {}) => logger.event(name, { ...fields, ...more }),
    flush: () => logger.flush(),
    debug: (text) => logger.debug(text),
    get debugEnabled() {
      return logger.debugEnabled;
    },
    set debugEnabled(on: boolean) {
      logger.debugEnabled = on;
    },
  };
}
