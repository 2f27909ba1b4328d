/**
 * The fog as the map draws it: a cell you see is drawn seen at once; a cell that leaves your
 * sight keeps its seen look for `lingerMs` more (then turns remembered), unless you see it again
 * before. Why: the edges of sight (walls' and players' shadows, the reach of your light) flicker
 * as you and the others step back and forth, and over SSH each flip of a cell costs its bytes
 * twice (bench ssh: more than half the cells the map painter wrote flipped back within three
 * paints). Lingering costs nothing in fairness: it only keeps the floor's colour; players are
 * drawn only where the server still sends them (it culls by the true sight).
 *
 * Pure of real time (`now` passed in); no allocation per frame.
 */

/** How long a cell that left your sight is still drawn seen, ms. */
export const FOG_LINGER_MS = 300;

/** Expiries are rounded up to this grid, ms: cells leaving sight on nearby frames fade together. */
const FADE_GRID_MS = 100;

export class FogLinger {
  /** 1 where the map draws the floor seen (PlayerFrame.shownFog). */
  cells = new Uint8Array(0);
  /** When each lingering cell fades (ms), 0 where none lingers. */
  private fadeAt = new Float64Array(0);
  private nextFade = Number.POSITIVE_INFINITY;

  constructor(private readonly lingerMs = FOG_LINGER_MS) {}

  /** Nothing lingers (a new game, a new map); the next `update` draws the fog as it is. */
  reset(size: number): void {
    if (this.cells.length !== size) {
      this.cells = new Uint8Array(size);
      this.fadeAt = new Float64Array(size);
    } else {
      this.cells.fill(0);
      this.fadeAt.fill(0);
    }
    this.nextFade = Number.POSITIVE_INFINITY;
  }

  /**
   * The fog at `now` (`changed`: it differs from the last call's); whether the drawn cells
   * changed. Cheap when neither the fog changed nor a lingering cell is due to fade.
   */
  update(fog: Uint8Array, changed: boolean, now: number): boolean {
    if (fog.length !== this.cells.length) {
      this.reset(fog.length);
      changed = true;
    }
    if (!changed && now < this.nextFade) return false;
    const { cells, fadeAt } = this;
    const fadeBy = Math.ceil((now + this.lingerMs) / FADE_GRID_MS) * FADE_GRID_MS;
    let next = Number.POSITIVE_INFINITY;
    let differs = false;
    for (let c = 0; c < fog.length; c++) {
      if (fog[c] === 1) {
        fadeAt[c] = 0;
        if (cells[c] !== 1) {
          cells[c] = 1;
          differs = true;
        }
        continue;
      }
      if (cells[c] === 0) continue;
      // Drawn seen, not seen now: it lingers from now on, or it is already lingering.
      if (fadeAt[c] === 0) fadeAt[c] = this.lingerMs > 0 ? fadeBy : now;
      if (now >= fadeAt[c]!) {
        cells[c] = 0;
        fadeAt[c] = 0;
        differs = true;
      } else if (fadeAt[c]! < next) next = fadeAt[c]!;
    }
    this.nextFade = next;
    return differs;
  }
}
