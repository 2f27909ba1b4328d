/**
 * `haunted serve --agones` (or the sidecar's environment variables): wires the Agones adapter
 * (src/server/agones/adapter.ts) to a running server. Counts are read from the server; an
 * allocation that asks for rooms (`haunted/rooms`) gets them opened; with `--agones-session`
 * the server hosts one game, and once it has ended and its players have been told (its end
 * banner is over, the room back in its lobby), the server closes and asks Agones to shut the
 * GameServer down.
 */
import { startAgones } from '../server/agones/adapter.ts';
import { roomRequests } from '../server/agones/room-requests.ts';
import { createAgonesSdk } from '../server/agones/sdk.ts';
import type { Logger } from '../server/log.ts';
import type { GameServer } from '../server/server.ts';

export interface ServeAgones {
  /** After the server has closed: asks for Shutdown in session mode, then closes the adapter. */
  finish(): Promise<void>;
}

export interface ServeAgonesOptions {
  readonly server: GameServer;
  readonly logger: Logger;
  /** The real clock, ms (performance.now). */
  readonly clock: () => number;
  readonly mapId: string;
  readonly version: string;
  /** One game, then Shutdown. */
  readonly session: boolean;
  /** Health period, ms. */
  readonly healthMs: number;
  /** Closes the server (tells every player): the serve command's own stop. */
  readonly stop: () => void;
  /** The public address from the GameServer's status (for the list server's heartbeats). */
  readonly onAddress?: (address: string, port: number) => void;
}

/** The names of the players in every session. */
function playerNames(server: GameServer): string[] {
  const names: string[] = [];
  for (const s of server.sessions.values()) names.push(s.name);
  return names;
}

export function serveAgones(o: ServeAgonesOptions): ServeAgones {
  const { server, logger } = o;
  const adapter = startAgones({
    createSdk: createAgonesSdk,
    logger,
    counts: () => ({
      players: server.playerCount,
      rooms: server.directory.size,
      names: playerNames(server),
    }),
    labels: { map: o.mapId, version: o.version },
    healthMs: o.healthMs,
    onAllocated: (meta) => {
      const asked = roomRequests(meta);
      if (asked === null) return;
      for (const error of asked.errors) logger.event('agones-room-refused', { error });
      for (const room of asked.rooms) {
        // The host's rooms: kept open while idle, like --rooms.
        const opened = server.directory.open(
          { name: room.name, map: room.map, kept: true },
          o.clock(),
        );
        if (typeof opened === 'string') {
          logger.event('agones-room-refused', { room: room.name, error: opened });
        } else {
          logger.event('agones-room-opened', { room: opened.name, map: opened.mapId });
        }
      }
    },
    ...(o.onAddress ? { onAddress: o.onAddress } : {}),
  });

  // Session mode: one game; once it is over and its end banner shown, close.
  let played = false;
  let over = false;
  const watch = o.session
    ? setInterval(() => {
        const kind = server.state.phase.kind;
        if (kind === 'game' || kind === 'end') played = true;
        else if (played && kind === 'lobby' && !over) {
          over = true;
          logger.event('agones-session-over', {});
          o.stop();
        }
      }, 100)
    : null;

  return {
    async finish() {
      if (watch) clearInterval(watch);
      if (o.session) await adapter.shutdown();
      adapter.close();
    },
  };
}
