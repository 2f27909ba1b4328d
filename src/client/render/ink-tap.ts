/**
 * The stdout we give Ink: it passes every write on to the real terminal, and on the way follows
 * Ink's cursor (vt-cursor.ts) to see which screen cells each write prints on or erases. That is
 * how the map surface learns that Ink drew over the map region (its first frame, a resize, a
 * full clear, a line rewritten from its start) and must repaint it, without guessing from
 * Ink's internals: Ink's writes are cursor-relative, and the cursor it leaves behind is where
 * the tap's follower says it is, because the painter puts the cursor back (ESC 7 / ESC 8).
 *
 * Where Ink's frame starts: when Ink enters the alternate screen (render option
 * `alternateScreen`), the tap homes the cursor right after, so the frame's top is screen row 0
 * and layout row y is screen row y. Without the alternate screen the follower starts at the
 * top-left too, which becomes true once a frame fills the terminal (a full-height frame ends on
 * the last row wherever it began): then the screen must be exactly the terminal's height.
 */
import { EventEmitter } from 'node:events';
import { VtCursor } from './vt-cursor.ts';

/** What the tap needs of the real terminal stream (process.stdout is one). */
export interface TerminalStream {
  write(data: string, callback?: (error?: Error | null) => void): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
  readonly destroyed?: boolean;
  readonly writable?: boolean;
  readonly writableEnded?: boolean;
}

/** Told about Ink's writes: before one goes out, each span it touches, then once it is out. */
export interface TapListener {
  /** Ink is about to write (the layout it draws is computed): the listener may write first. */
  beforeWrite(): void;
  /** Cells [from, to) of screen row `row` (0-based) were printed on or erased by Ink. */
  touched(row: number, from: number, to: number): void;
  /** Ink's write has been passed on: the listener may now write (e.g. repaint) after it. */
  written(): void;
}

class TouchFollower extends VtCursor {
  listener: TapListener | null = null;

  protected override put(row: number, col: number, _text: string, width: number): void {
    this.listener?.touched(row, col, col + width);
  }

  protected override erase(row: number, from: number, to: number): void {
    this.listener?.touched(row, from, to);
  }

  protected override scroll(top: number): void {
    // Content moved: every row from `top` down is no longer what anyone painted.
    for (let r = top; r < this.rows; r++) this.listener?.touched(r, 0, Number.POSITIVE_INFINITY);
  }
}

const DEFAULT_SIZE = { columns: 80, rows: 24 };
/** What Ink writes to enter the alternate screen (ansi-escapes), and CUP home. */
const ENTER_ALT_SCREEN = '\x1b[?1049h';
const HOME = '\x1b[H';

export class InkTap extends EventEmitter {
  /** UTF-8 bytes Ink wrote, and bytes written with `writeOwn` (the bench reads them). */
  inkBytes = 0;
  ownBytes = 0;
  private readonly follower: TouchFollower;
  private readonly onResize = () => {
    const f = this.follower;
    f.rows = this.rows;
    f.cols = this.columns;
    f.row = Math.min(f.row, f.rows - 1); // a terminal keeps the cursor on screen
    f.col = Math.min(f.col, f.cols - 1);
    this.emit('resize');
  };

  constructor(readonly target: TerminalStream) {
    super();
    this.follower = new TouchFollower(this.rows, this.columns);
    target.on('resize', this.onResize);
  }

  get isTTY(): boolean {
    return this.target.isTTY === true;
  }
  get columns(): number {
    return this.target.columns || DEFAULT_SIZE.columns;
  }
  get rows(): number {
    return this.target.rows || DEFAULT_SIZE.rows;
  }
  get destroyed(): boolean {
    return this.target.destroyed === true;
  }
  get writable(): boolean {
    return this.target.writable ?? true;
  }
  get writableEnded(): boolean {
    return this.target.writableEnded === true;
  }

  setListener(listener: TapListener | null): void {
    this.follower.listener = listener;
  }

  /** Ink writes here (the stream.Writable signature, strings or bytes). */
  write(
    chunk: string | Uint8Array,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean {
    const cb = typeof encoding === 'function' ? encoding : callback;
    const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (data.length > 0) {
      this.follower.listener?.beforeWrite();
      this.inkBytes += Buffer.byteLength(data);
      this.follower.feed(data);
    }
    const ok = this.target.write(data, cb);
    if (data.includes(ENTER_ALT_SCREEN)) {
      // The alternate screen is blank but the cursor stays where it was: start at the top.
      this.target.write(HOME);
      this.follower.row = 0;
      this.follower.col = 0;
    }
    if (data.length > 0) this.follower.listener?.written();
    return ok;
  }

  /** Our own writes (the map painter's): straight to the terminal, not followed. */
  writeOwn(data: string): void {
    if (data.length === 0) return;
    this.ownBytes += Buffer.byteLength(data);
    this.target.write(data);
  }

  /** Stops listening to the real stream (after Ink has unmounted). */
  detach(): void {
    this.target.off('resize', this.onResize);
    this.setListener(null);
  }
}
