/**
 * The room list of a server with rooms (`haunted play host`): a table of the rooms (name, map,
 * phase, players/max, ping, open or closed) with the chosen one marked `>` (and inverted when
 * colours are on), the message of the moment, the new-room form when open, and the keys. The
 * choosing itself is room-picker.ts's; this only draws its model. Long lists scroll with the
 * choice.
 */
import { Box } from 'ink';
import type { ListedRoom } from '../../room-list.ts';
import type { RoomForm, RoomsScreen } from '../model.ts';
import { Line, Span, TINT, wrapWords } from './Shared.tsx';

export interface RoomListProps {
  readonly screen: RoomsScreen;
  /** The server, `host:port`. */
  readonly address: string;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** Column widths: the marker, then room, map, phase, players, ping; `closed` last. */
const COLUMNS = { room: 17, map: 17, phase: 10, players: 9, ping: 9 } as const;

/** The header row of the table (with a Server column for the rooms of many servers). */
export function roomHeader(withServer = false): string {
  const head = `  ${'Room'.padEnd(COLUMNS.room)}${'Map'.padEnd(COLUMNS.map)}${'Phase'.padEnd(COLUMNS.phase)}${'Players'.padEnd(COLUMNS.players)}${'Ping'.padEnd(COLUMNS.ping)}`;
  return withServer ? `${head}${''.padEnd(7)}Server` : head;
}

/**
 * One room as a row of the table: `> K7QX  classic  lobby  2/10  3 ms`, `closed` if so; the
 * rooms of many servers (`haunted play --list`, server-room-picker.ts) add their server, and
 * a server that did not answer has no ping (`-`).
 */
export function roomRow(room: ListedRoom & { readonly server?: string }, chosen: boolean): string {
  const ping = Number.isFinite(room.pingMs) ? `${Math.round(room.pingMs)} ms` : '-';
  const row = [
    chosen ? '> ' : '  ',
    room.name.padEnd(COLUMNS.room),
    room.map.padEnd(COLUMNS.map),
    room.phase.padEnd(COLUMNS.phase),
    `${room.players}/${room.maxPlayers}`.padEnd(COLUMNS.players),
    ping.padEnd(COLUMNS.ping),
    room.access === 'closed' ? 'closed' : '',
  ].join('');
  return room.server === undefined ? row.trimEnd() : `${row.padEnd(2 + 62 + 7)}${room.server}`;
}

/** The first row of the window of `visible` rows that keeps `selected` in sight. */
export function scrollTop(count: number, selected: number, visible: number): number {
  if (count <= visible) return 0;
  return Math.min(count - visible, Math.max(0, selected - Math.floor(visible / 2)));
}

/** The lines of the new-room form. */
function FormLines({ form, coloured }: { form: RoomForm; coloured: boolean }) {
  const map = form.maps[form.mapIndex] ?? '';
  return (
    <>
      <Line coloured={coloured} bold>
        New room
      </Line>
      <Line coloured={coloured}>
        {'  map:  ‹ '}
        <Span coloured={coloured} bold>
          {map}
        </Span>
        {` ›  (←→: ${form.mapIndex + 1} of ${form.maps.length})`}
      </Line>
      <Line coloured={coloured}>
        {'  name: '}
        <Span coloured={coloured} bold>
          {form.draft}
        </Span>
        {'█'}
        {form.draft === '' ? '  (none: the server picks a code)' : ''}
      </Line>
      <Line coloured={coloured} tint={TINT.bad}>
        {form.error === null ? ' ' : `  ✗ ${form.error}`}
      </Line>
      <Line coloured={coloured} dim>
        Enter make it and join · Esc back to the list
      </Line>
    </>
  );
}

/** The room list, from the top left of its area. */
export function RoomList({ screen, address, width, height, coloured }: RoomListProps) {
  const { rooms, form } = screen;
  const message = screen.message === null ? [] : wrapWords(screen.message, width - 4);
  // Title, blank, header … blank, message lines, blank, keys (or the form's five lines).
  const fixed = 4 + message.length + 1 + (form === null ? 1 : 5);
  const visible = Math.max(1, height - fixed);
  const top = scrollTop(rooms.length, screen.selected, visible);
  const shown = rooms.slice(top, top + visible);
  const count = `${rooms.length} ${rooms.length === 1 ? 'room' : 'rooms'}`;
  const state = screen.loading
    ? 'asking for the rooms…'
    : screen.refreshing
      ? `${count}, refreshing…`
      : count;
  const keys = `↑↓ choose · Enter join · ${screen.canCreate ? 'N new room · ' : ''}R refresh · Esc quits`;
  return (
    <Box width={width} height={height} flexDirection="column" paddingLeft={1} flexShrink={0}>
      <Line coloured={coloured}>
        <Span coloured={coloured} bold>
          {`Rooms on ${address}`}
        </Span>
        {`  (${state})`}
      </Line>
      <Line coloured={coloured}> </Line>
      <Line coloured={coloured} dim>
        {roomHeader(rooms.some((r) => 'server' in r))}
      </Line>
      <Box flexDirection="column" height={Math.max(1, shown.length)} flexShrink={0}>
        {shown.map((room, i) => {
          const chosen = top + i === screen.selected;
          return (
            <Line
              key={'server' in room ? `${room.server}/${room.name}` : room.name}
              coloured={coloured}
              inverse={chosen && coloured}
              dim={room.access === 'closed'}
            >
              {roomRow(room, chosen)}
            </Line>
          );
        })}
      </Box>
      <Line coloured={coloured}> </Line>
      {message.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines are positional
        <Line coloured={coloured} tint={TINT.warn} key={i}>
          {line}
        </Line>
      ))}
      <Line coloured={coloured}> </Line>
      {form === null ? (
        <Line coloured={coloured} dim>
          {keys}
        </Line>
      ) : (
        <FormLines form={form} coloured={coloured} />
      )}
    </Box>
  );
}
