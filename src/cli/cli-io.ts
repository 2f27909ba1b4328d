/**
 * What every command of the `haunted` CLI shares with the program that dispatches it: its exit
 * codes and its way to the outside world. Apart from program.ts so that the commands, which the
 * program imports, need not import the program back.
 */

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables (NO_COLOR, COLORTERM, TERM…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colours default to off when it is not). */
  readonly isTTY: boolean;
}
