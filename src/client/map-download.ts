/**
 * The map download of a session (docs/PROTOCOL.md §11): MAPREQs for the missing chunks, a few
 * in flight at a time and asked again every 250 ms, until the MapAssembler has them all; then
 * the checks against WELCOME and `parseMap`.
 */
import { type GameMap, parseMap } from '../game/map.ts';
import { MapAssembler, type MapChunk, type WelcomeMessage } from '../protocol/index.ts';

export type MapDownloadStatus =
  /** Stored or a duplicate: more chunks to come. */
  | { readonly kind: 'more' }
  /** A chunk of another map (its chunk count differs from WELCOME's): ignored. */
  | { readonly kind: 'foreign'; readonly detail: string }
  | { readonly kind: 'done'; readonly map: GameMap }
  /** Complete but wrong (layout, width, checksum) or not a playable map. */
  | { readonly kind: 'failed'; readonly detail: string };

/**
 * MAPREQs in flight at once: at most 16, and no more than the server's rate limit allows
 * (2 × tickRate datagrams a second, against one round every 250 ms).
 */
export function mapRequestWindow(tickRate: number): number {
  return Math.max(1, Math.min(16, Math.floor(tickRate / 2)));
}

export class MapDownload {
  private readonly assembler: MapAssembler;
  /** Chunk → when it was last asked for. */
  private readonly askedAt = new Map<number, number>();
  private readonly window: number;

  /** @param resendMs a chunk asked for this long ago and still missing is asked again */
  constructor(
    private readonly welcome: WelcomeMessage,
    private readonly resendMs: number,
  ) {
    this.assembler = new MapAssembler(welcome);
    this.window = mapRequestWindow(welcome.tickRate);
  }

  /** The chunks to ask for at `now` (recorded as asked), in ascending order. */
  due(now: number): number[] {
    const missing = this.assembler.missing();
    const waiting = (chunk: number) => {
      const at = this.askedAt.get(chunk);
      return at !== undefined && now - at < this.resendMs;
    };
    let inFlight = missing.filter(waiting).length;
    const out: number[] = [];
    for (const chunk of missing) {
      if (inFlight >= this.window) break;
      if (waiting(chunk)) continue;
      this.askedAt.set(chunk, now);
      out.push(chunk);
      inFlight++;
    }
    return out;
  }

  add(chunk: MapChunk): MapDownloadStatus {
    if (this.assembler.add(chunk) === 'foreign') {
      const expected = this.welcome.mapChunks;
      return { kind: 'foreign', detail: `MAP of ${chunk.chunks} chunks, expected ${expected}` };
    }
    const assembled = this.assembler.result();
    if (assembled === null) return { kind: 'more' };
    if (!assembled.ok) return { kind: 'failed', detail: `the map is damaged: ${assembled.detail}` };
    const parsed = parseMap(assembled.rows.join('\n'));
    if (!parsed.ok) {
      const why = parsed.errors[0]?.reason ?? 'invalid';
      return { kind: 'failed', detail: `the map does not load: ${why}` };
    }
    // The name travels in WELCOME (free text), not in the rows.
    return { kind: 'done', map: { ...parsed.map, name: this.welcome.mapName } };
  }
}
