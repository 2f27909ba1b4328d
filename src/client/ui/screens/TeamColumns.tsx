/**
 * The three teams as columns of names: "Unassigned", "Seekers" and "Hiders", side by side under
 * the map or one above the other in the panel at the right. Each name carries its marks in
 * glyphs and words, so they read without colour: `✓` ready, `✗ … (caught)` caught, `(watching)`
 * a spectator, `(you)` you (also bold). With colours each name takes the basic colour nearest
 * its player's (on the map), the seekers' title is red, the hiders' blue and the ready mark green.
 *
 * When a team has more players than its rows, the last row says how many are left out, and you
 * are always among the names shown.
 */
import { Box } from 'ink';
import { inkColorName } from '../../palette.ts';
import { PLAYER_COLOURS } from '../../render/game-theme.ts';
import type { TeamMember, TeamsView } from '../model.ts';
import { Line, Span, TINT } from './Shared.tsx';

/** A team's column: its title, its colour and its players. */
interface Column {
  readonly title: string;
  readonly tint: string | undefined;
  readonly members: readonly TeamMember[];
}

function columnsOf(teams: TeamsView): Column[] {
  return [
    { title: 'Unassigned', tint: undefined, members: teams.unassigned },
    { title: 'Seekers', tint: TINT.seekers, members: teams.seekers },
    { title: 'Hiders', tint: TINT.hiders, members: teams.hiders },
  ];
}

/**
 * A player's colour as Ink takes it, by palette index: the nearest basic colour's name, so that
 * `--color 16` gets no 256-colour or truecolor escape (palette.ts, inkColorName).
 */
function playerTint(colour: number): string | undefined {
  const rgb = PLAYER_COLOURS[colour];
  return rgb === undefined ? undefined : inkColorName(rgb);
}

/** The names a column of `rows` rows shows (title excluded), you kept, and how many are left. */
export function visibleMembers(
  members: readonly TeamMember[],
  rows: number,
): { shown: TeamMember[]; hidden: number } {
  if (members.length <= rows) return { shown: [...members], hidden: 0 };
  const room = Math.max(0, rows - 1);
  const you = members.find((m) => m.isYou);
  let shown = members.slice(0, room);
  if (you !== undefined && room > 0 && !shown.includes(you))
    shown = [you, ...members.filter((m) => m !== you).slice(0, room - 1)];
  return { shown, hidden: members.length - shown.length };
}

/** The mark before a name: caught, ready, or nothing. */
function markOf(member: TeamMember): string {
  if (member.caught) return '✗';
  return member.ready ? '✓' : ' ';
}

interface MemberLineProps {
  readonly member: TeamMember;
  readonly coloured: boolean;
}

function MemberLine({ member, coloured }: MemberLineProps) {
  const mark = markOf(member);
  return (
    <Line coloured={coloured}>
      <Span coloured={coloured} tint={member.caught ? TINT.quiet : TINT.good}>
        {mark}
      </Span>{' '}
      <Span
        coloured={coloured}
        tint={member.caught ? TINT.quiet : playerTint(member.colour)}
        bold={member.isYou}
      >
        {member.name}
      </Span>
      {member.caught ? ' (caught)' : ''}
      {member.spectator ? ' (watching)' : ''}
      {member.isYou ? (
        <Span coloured={coloured} bold>
          {' (you)'}
        </Span>
      ) : (
        ''
      )}
    </Line>
  );
}

interface TeamColumnProps {
  readonly column: Column;
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

function TeamColumn({ column, width, height, coloured }: TeamColumnProps) {
  const { shown, hidden } = visibleMembers(column.members, height - 1);
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      <Line coloured={coloured} tint={column.tint} bold>
        {`${column.title} (${column.members.length})`}
      </Line>
      {shown.length === 0 && height > 1 ? (
        <Line coloured={coloured} dim>
          {'  nobody'}
        </Line>
      ) : null}
      {shown.map((member) => (
        <MemberLine key={member.id} member={member} coloured={coloured} />
      ))}
      {hidden > 0 ? (
        <Line coloured={coloured} dim>
          {`  … ${hidden} more`}
        </Line>
      ) : null}
    </Box>
  );
}

/**
 * Shares `total` rows between columns needing `needs` rows each: every column gets what it
 * needs when all fit, else the rows are shared out evenly, a column never getting more than it
 * needs (what it leaves goes to the others).
 */
export function shareRows(needs: readonly number[], total: number): number[] {
  const given = needs.map(() => 0);
  let left = Math.max(0, total);
  let open = needs.map((_, i) => i);
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const take = Math.min(share, (needs[i] ?? 0) - (given[i] ?? 0), left);
      given[i] = (given[i] ?? 0) + take;
      left -= take;
    }
    open = open.filter((i) => (given[i] ?? 0) < (needs[i] ?? 0));
  }
  return given;
}

export interface TeamColumnsProps {
  readonly teams: TeamsView;
  /** `row`: side by side (under the map); `column`: one above the other (at the right). */
  readonly direction: 'row' | 'column';
  readonly width: number;
  readonly height: number;
  readonly coloured: boolean;
}

/** The three team columns in a `width`×`height` box. */
export function TeamColumns({ teams, direction, width, height, coloured }: TeamColumnsProps) {
  const columns = columnsOf(teams);
  if (direction === 'row') {
    const columnWidth = Math.floor(width / columns.length);
    return (
      <Box width={width} height={height} flexDirection="row" overflow="hidden" flexShrink={0}>
        {columns.map((column) => (
          <Box key={column.title} width={columnWidth} paddingRight={1} flexShrink={0}>
            <TeamColumn
              column={column}
              width={columnWidth - 1}
              height={height}
              coloured={coloured}
            />
          </Box>
        ))}
      </Box>
    );
  }
  // One above the other, a blank row between: a title and at least one row each if possible.
  const gaps = columns.length - 1;
  const heights = shareRows(
    columns.map((c) => 1 + Math.max(1, c.members.length)),
    height - gaps,
  );
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden" flexShrink={0}>
      {columns.map((column, i) => (
        <Box
          key={column.title}
          height={(heights[i] ?? 0) + (i < gaps ? 1 : 0)}
          flexShrink={0}
          overflow="hidden"
        >
          <TeamColumn column={column} width={width} height={heights[i] ?? 0} coloured={coloured} />
        </Box>
      ))}
    </Box>
  );
}
