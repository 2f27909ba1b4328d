/**
 * The phase panel's news, in words: what to do next in the lobby, the countdown, the clock and
 * your side in game, the winner at the end, the event feed under them, wrapped to the panel's
 * width; pure functions of the model, drawn by Play.tsx's PhasePanel. The lines that change with
 * time are marked `live`: with a surface they are painted from each model (liveNewsRow), not
 * rendered by Ink.
 */
import type { FeedLine } from '../game-news.ts';
import type { TextRow } from '../render/text-painter.ts';
import { textRow } from './live-text.ts';
import type { AppModel, PhaseView, YouView } from './model.ts';
import { headStartText, lobbyTimerText, nextRoundText } from './round-text.ts';
import { clock, TINT, teamTint, tenths, wrapWords } from './screens/Shared.tsx';

/** A message of the panel's news; wrapped to the panel's width, one or more lines. */
export interface NewsLine {
  readonly text: string;
  readonly tint?: string | undefined;
  readonly bold?: boolean;
  /** Inverse: the banners, which must stand out without colour. */
  readonly inverse?: boolean;
  /**
   * A text that changes with time (a timer's figures): its name, the same at every model of the
   * phase. With a surface it is painted from each model (LiveText), not drawn by Ink.
   */
  readonly live?: LiveNews;
  /** Which of its wrapped lines this is (0 first). */
  readonly part?: number;
}

/** The news lines that change with time. */
export type LiveNews =
  | 'lobby-timer'
  | 'countdown'
  | 'banner'
  | 'head-start'
  | 'clock'
  | 'end'
  | 'lit';

/** What to do next in the lobby, from your team and whether you are ready. */
export function lobbyAdvice(you: YouView): string {
  if (you.team === 'N') return 'Choose a team: R seekers, B hiders';
  if (!you.ready) return 'Press Space when ready';
  return 'Ready: waiting for the others (Space if you are not)';
}

/** The winner in words. */
export function winnerText(winner: 'R' | 'B' | null): string {
  if (winner === 'R') return 'The seekers won!';
  if (winner === 'B') return 'The hiders won!';
  return 'Nobody won: everybody left';
}

/** Your side in game, in words. */
export function sideText(you: YouView): string {
  if (you.team === 'R') return 'You seek';
  if (you.team === 'B') return 'You hide';
  return 'You watch';
}

/**
 * The banner over the game's facts when you only watch, or null; `caughtBy` from the events,
 * `phase` to say when the next round comes.
 */
export function watchingBanner(
  you: YouView,
  caughtBy: string | null = null,
  phase?: PhaseView,
): string | null {
  if (you.spectator) {
    const next = phase === undefined ? null : nextRoundText(phase);
    return next === null
      ? 'Watching this round until the next lobby'
      : `Watching this round: ${next}`;
  }
  if (you.caught)
    return `${caughtBy === null ? 'Caught' : `Caught by ${caughtBy}`}: you are watching`;
  return null;
}

/** The mark of a hider in the light (any seeker looking its way sees it), or null. */
export function litWarning(you: YouView): string | null {
  if (you.team !== 'B' || you.lit !== true || you.caught || you.spectator) return null;
  return 'You are in the light!';
}

/** The panel's news for a phase, before wrapping. */
export function phaseNews(
  phase: PhaseView,
  you: YouView,
  mapName: string,
  caughtBy: string | null = null,
): readonly NewsLine[] {
  switch (phase.kind) {
    case 'lobby':
      return [
        { text: `Lobby · ${mapName}`, bold: true },
        ...(phase.notice === null ? [] : [{ text: phase.notice, tint: TINT.warn }]),
        { text: lobbyAdvice(you) },
        ...optional(lobbyTimerText(phase, you), { bold: true, live: 'lobby-timer' }),
      ];
    case 'countdown':
      return [
        {
          text: `Entering game in ${tenths(phase.secondsLeft)} s`,
          bold: true,
          inverse: true,
          live: 'countdown',
        },
        {
          text: you.ready ? 'Space: not ready' : `${lobbyAdvice(you)}, or watch this round`,
        },
      ];
    case 'game': {
      const banner = watchingBanner(you, caughtBy, phase);
      // Watching replaces your side: a caught hider no longer hides.
      const side = banner === null ? sideText(you) : null;
      const lit = litWarning(you);
      // A living hider's line for the light warning is always there (blank in the dark), so
      // that stepping in and out of the light repaints one line instead of laying the whole
      // screen out again: a hider walking the manor crosses lights every few seconds.
      const hiding = you.team === 'B' && !you.caught && !you.spectator;
      return [
        ...(banner === null
          ? []
          : [{ text: banner, bold: true, inverse: true, live: 'banner' as const }]),
        ...optional(headStartText(phase, you), { bold: true, inverse: true, live: 'head-start' }),
        { text: `Time left ${clock(phase.secondsLeft)}`, bold: true, live: 'clock' },
        ...(side === null ? [] : [{ text: side, tint: teamTint(you.team), bold: true }]),
        ...(!hiding
          ? []
          : lit === null
            ? [{ text: '', live: 'lit' as const }]
            : [{ text: lit, tint: TINT.warn, bold: true, inverse: true, live: 'lit' as const }]),
        { text: `${phase.hidersLeft} of ${phase.hidersTotal} hiders left` },
      ];
    }
    case 'end':
      return [
        {
          text: winnerText(phase.winner),
          bold: true,
          inverse: true,
          tint: phase.winner === null ? undefined : teamTint(phase.winner),
        },
        { text: `Back to the lobby in ${tenths(phase.secondsLeft)} s`, live: 'end' },
        ...(you.spectator ? [{ text: 'Then choose a team and get ready to play' }] : []),
      ];
  }
}

/** The event feed's lines (game-news.ts), newest last, under the phase's news. */
export function feedNews(feed: readonly FeedLine[]): NewsLine[] {
  return feed.map((l) => ({
    text: `· ${l.text}`,
    tint: l.team === null ? TINT.quiet : teamTint(l.team),
  }));
}

/** A line of news when there is something to say. */
function optional(text: string | null, style: Omit<NewsLine, 'text'>): NewsLine[] {
  return text === null ? [] : [{ text, ...style }];
}

/** The news wrapped to `width`, one entry a row. */
export function wrapNews(news: readonly NewsLine[], width: number): NewsLine[] {
  return news.flatMap((item) =>
    wrapWords(item.text, width).map((text, part) => ({ ...item, text, part })),
  );
}

/** The phase's news, then as many of the feed's newest lines as the rows left hold. */
export function withFeed(
  news: readonly NewsLine[],
  feed: readonly NewsLine[],
  width: number,
  height: number,
): NewsLine[] {
  const lines = wrapNews(news, width).slice(0, height);
  // Whole feed lines, newest first, as many as fit: the tail of a wrapped line alone reads as
  // a line of its own.
  const shown: NewsLine[] = [];
  let room = height - lines.length;
  for (let i = feed.length - 1; i >= 0 && room > 0; i--) {
    const wrapped = wrapNews([feed[i]!], width);
    if (wrapped.length > room) break;
    shown.unshift(...wrapped);
    room -= wrapped.length;
  }
  return [...lines, ...shown];
}

/**
 * Line `part` of the live news `live` as `model` shows it, wrapped to `width` (null when the
 * model has no such line: the phase moved on, and Ink is about to render the new one).
 */
export function liveNewsRow(
  model: AppModel,
  live: LiveNews,
  part: number,
  width: number,
): TextRow[] | null {
  const screen = model.screen;
  if (screen.kind !== 'play') return null;
  const news = phaseNews(screen.phase, screen.you, screen.mapName, screen.caughtBy ?? null);
  const item = news.find((n) => n.live === live);
  if (item === undefined) return null;
  const text = wrapWords(item.text, width)[part];
  return text === undefined ? null : [textRow([{ ...item, text }], model.color)];
}
