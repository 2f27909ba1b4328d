/**
 * A terminal in memory for Ink and the map surface: what is written is fed to a VtScreen, whose
 * lines the tests read; `resize` changes its size and tells the listeners, as a real one would.
 */
import { EventEmitter } from 'node:events';
import { VtScreen } from '../../src/client/render/vt-screen.ts';

export class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  screen: VtScreen;
  constructor(
    public rows: number,
    public columns: number,
  ) {
    super();
    this.screen = new VtScreen(rows, columns);
  }
  write(data: string, cb?: () => void): boolean {
    this.screen.feed(data);
    cb?.();
    return true;
  }
  resize(rows: number, columns: number): void {
    this.rows = rows;
    this.columns = columns;
    this.screen.resize(rows, columns);
    this.emit('resize');
  }
}
