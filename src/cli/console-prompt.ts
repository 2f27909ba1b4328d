/**
 * `haunted serve`'s console in a terminal: log lines arrive at any time, also while the
 * operator is typing after the `> ` prompt. Written as they come they would land after the
 * prompt, in the middle of the typing; here each one first clears the prompt's line, goes out,
 * and then the prompt is drawn again below it with what was typed so far (readline keeps it).
 */

/** What is needed of a readline Interface (node:readline's has it). */
export interface PromptLine {
  /** Redraws the prompt and the line typed so far; `true` keeps the cursor where it was. */
  prompt(preserveCursor?: boolean): void;
}

/** Carriage return, then erase the whole line (CSI 2 K). */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * A sink for whole log lines (newline included) that keeps them above the console's prompt.
 * @param write where the lines go (the server's stderr)
 * @param prompt the console's readline, or null when there is no prompt (stdin not a terminal)
 */
export function aboveThePrompt(
  write: (text: string) => void,
  prompt: PromptLine | null,
): (text: string) => void {
  if (prompt === null) return write;
  return (text) => {
    write(CLEAR_LINE + text);
    prompt.prompt(true);
  };
}
