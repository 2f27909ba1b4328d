/**
 * The bots' decisions on small drawn maps, without a server: path-finding and walking along a
 * path with the game's own movement step, a hider's dark spot and its flight, a seeker's chase
 * and its visit to where it last saw a hider, and the lobby's team balancing and ready-up.
 * Each world is drawn as in test/support/world.ts (a letter is a player centred on its cell).
 */
import { describe, expect, test } from 'bun:test';
import { type BotPhase, Brain, type BrainOutput, type BrainPlayer } from '../../src/bots/brain.ts';
import { NavMap, type Point } from '../../src/bots/nav.ts';
import type { GameMap } from '../../src/game/map.ts';
import { KEY, movePlayer } from '../../src/game/movement.ts';
import { PLAYER_H, PLAYER_W, SPEED, stepDistance, type Team } from '../../src/game/units.ts';
import { drawWorld } from '../support/world.ts';

const TICK_RATE = 30;
const TICK_MS = 1000 / TICK_RATE;

function player(name: string, team: Team, ready = false, caught = false): BrainPlayer {
  return { name, team, ready, caught, spectator: false };
}

/** One player's brain in a little world where the others stand still where they are drawn. */
class Sim {
  tick = 0;
  readonly brain: Brain;
  readonly nav: NavMap;
  constructor(
    readonly map: GameMap,
    public pos: Point,
    readonly team: Team,
    readonly roster: Map<number, BrainPlayer>,
    seed = 1,
  ) {
    this.brain = new Brain(map, { seed });
    this.nav = this.brain.nav;
  }
  get now(): number {
    return this.tick * TICK_MS;
  }
  get cell(): number {
    return this.nav.cellOf(this.pos);
  }
  /** One decision with `seen` (other players in sight), then one server tick of movement. */
  step(seen: ReadonlyMap<number, Point> = new Map(), phase: BotPhase = 'game'): BrainOutput {
    const out = this.brain.decide({
      now: this.now,
      id: 1,
      position: this.pos,
      team: this.team,
      phase,
      roster: this.roster,
      seen: new Map([[1, this.pos], ...seen]),
    });
    const boxes = [...seen.values()].map((p) => ({ ...p, w: PLAYER_W, h: PLAYER_H }));
    const dist = stepDistance(SPEED[this.team], this.tick, TICK_RATE);
    this.pos = movePlayer(this.map, this.pos.x, this.pos.y, out.keys, dist, boxes);
    this.tick++;
    return out;
  }
}

const cellAt = (nav: NavMap, x: number, y: number) => y * nav.width + x;
const xy = (nav: NavMap, cell: number) => [nav.cellX(cell), nav.cellY(cell)];

describe('navigation', () => {
  const maze = drawWorld(`
###########
#a..#.....#
###.#.###.#
#...#.#b#.#
#.###.#.#.#
#.....#...#
###########`);

  test('path-finding goes around the walls, along the only way', () => {
    const nav = NavMap.of(maze.map);
    const from = nav.cellOf(maze.at.a!);
    const to = nav.cellOf(maze.at.b!);
    const path = nav.path(nav.fieldTo(to), from).map((c) => xy(nav, c).join(','));
    expect(path.join(' ')).toBe(
      '1,1 2,1 3,1 3,2 3,3 2,3 1,3 1,4 1,5 2,5 3,5 4,5 5,5 5,4 5,3 5,2 5,1 6,1 7,1 8,1 9,1 ' +
        '9,2 9,3 9,4 9,5 8,5 7,5 7,4 7,3',
    );
    // A distance is a travel time: a step down costs two steps across (a cell is twice as tall).
    expect(nav.fieldTo(to)[from]).toBe(14 + 2 * 14);
    expect(nav.path(nav.fieldTo(to), cellAt(nav, 0, 0))).toEqual([]); // a wall reaches nothing
  });

  for (const [team, lineUp] of [
    ['R', true],
    ['B', true],
    ['R', false],
    ['B', false],
  ] as const) {
    const how = lineUp ? 'lining up' : 'one key at a time (corner assistance lines it up)';
    test(`the game's own movement step walks a ${team} box along it, through one-cell passages, ${how}`, () => {
      const nav = NavMap.of(maze.map);
      const target = nav.cellOf(maze.at.b!);
      const field = nav.fieldTo(target);
      let pos = maze.at.a!;
      let ticks = 0;
      for (; ticks < 3000; ticks++) {
        const keys = nav.stepKeys(field, pos, lineUp);
        expect(keys).not.toBeNull();
        if (keys === 0) break;
        pos = movePlayer(maze.map, pos.x, pos.y, keys!, stepDistance(SPEED[team], ticks, 30), []);
      }
      expect(nav.inside(target, pos)).toBe(true);
      // 14 cells across and 14 down: 14 × 16 + 14 × 32 units, plus a little lining up.
      const straight = ((14 * 16 + 14 * 32) / SPEED[team]) * TICK_RATE;
      expect(ticks).toBeLessThan(straight * 1.2);
    });
  }

  test('a room all lit has no dark cell; one NavMap per map, shared', () => {
    const { map } = drawWorld('#########\n#.......#\n#...*...#\n#########');
    const nav = NavMap.of(map);
    expect(nav.darkCells).toEqual([]); // one light sees the whole little room
    expect(NavMap.of(map)).toBe(nav);
  });
});

describe('hider', () => {
  // The light lights the left room and, through the door, a wedge of the right one.
  const world = drawWorld(`
##############
#a....#......#
#..*..#......#
#.....#......#
#............#
##############`);

  test('walks to a dark cell and stays there', () => {
    const sim = new Sim(world.map, world.at.a!, 'B', new Map([[1, player('Boo', 'B')]]));
    sim.step();
    expect(sim.brain.mode).toBe('travel');
    const spot = sim.brain.target!;
    expect(sim.nav.dark[spot]).toBe(1);
    expect(sim.nav.dark[sim.cell]).toBe(0);
    for (let i = 0; i < 600 && sim.brain.mode !== 'hide'; i++) sim.step();
    expect(sim.brain.mode).toBe('hide');
    expect(sim.cell).toBe(spot);
    for (let i = 0; i < 10; i++) sim.step(); // into the middle of the cell
    expect(sim.nav.inside(spot, sim.pos)).toBe(true);
    const there = sim.pos;
    for (let i = 0; i < 60; i++) expect(sim.step().keys).toBe(0);
    expect(sim.pos).toEqual(there);
  });

  test('flees away from a seeker it sees, and hides again once out of sight', () => {
    const { map, at } = drawWorld(`
######################
#....................#
#.....a...b..........#
#....................#
######################`);
    const roster = new Map([
      [1, player('Boo', 'B')],
      [2, player('Casper', 'R')],
    ]);
    const sim = new Sim(map, at.b!, 'B', roster);
    const seeker = at.a!;
    const out = sim.step(new Map([[2, seeker]]));
    expect(sim.brain.mode).toBe('flee');
    expect(out.keys & KEY.right).toBe(KEY.right);
    expect(out.keys & KEY.left).toBe(0);
    const fromSeeker = sim.nav.distances([sim.nav.cellOf(seeker)]);
    const start = sim.cell;
    expect(fromSeeker[sim.brain.target!]!).toBeGreaterThan(fromSeeker[start]! + 5);
    for (let i = 0; i < 30; i++) sim.step(new Map([[2, seeker]]));
    expect(sim.pos.x - seeker.x).toBeGreaterThan(at.b!.x - seeker.x + 60);
    // Out of sight: it runs on a little, then settles on a spot.
    for (let i = 0; i < 300 && sim.brain.mode !== 'hide'; i++) sim.step();
    expect(sim.brain.mode).toBe('hide');
  });

  test('caught: holds nothing', () => {
    const sim = new Sim(
      world.map,
      world.at.a!,
      'B',
      new Map([[1, player('Boo', 'B', true, true)]]),
    );
    expect(sim.step().keys).toBe(0);
    expect(sim.brain.mode).toBe('idle');
  });
});

describe('seeker', () => {
  const { map, at } = drawWorld(`
######################
#....................#
#a.......b...........#
#....................#
######################`);
  const roster = () =>
    new Map([
      [1, player('Casper', 'R')],
      [2, player('Boo', 'B')],
    ]);

  test('chases a hider it sees, then goes where it last saw it, then searches', () => {
    const sim = new Sim(map, at.a!, 'R', roster());
    const hider = at.b!;
    const out = sim.step(new Map([[2, hider]]));
    expect(sim.brain.mode).toBe('chase');
    expect(sim.brain.target).toBe(sim.nav.cellOf(hider));
    expect(out.keys & KEY.right).toBe(KEY.right);
    for (let i = 0; i < 20; i++) sim.step(new Map([[2, hider]]));
    const closer = hider.x - sim.pos.x;
    expect(closer).toBeLessThan(hider.x - at.a!.x - 60);

    // The hider vanishes (it moved into the dark): to where it was seen last.
    sim.step();
    expect(sim.brain.mode).toBe('last-seen');
    expect(sim.brain.target).toBe(sim.nav.cellOf(hider));
    let reached = false;
    for (let i = 0; i < 200 && sim.brain.mode === 'last-seen'; i++) {
      sim.step();
      reached ||= sim.cell === sim.nav.cellOf(hider);
    }
    expect(reached).toBe(true);
    expect(sim.brain.mode).toBe('explore');
  });

  test('catches: walks into the hider when next to it', () => {
    const sim = new Sim(map, at.a!, 'R', roster());
    const hider = at.b!;
    let touching = false;
    for (let i = 0; i < 120 && !touching; i++) {
      sim.step(new Map([[2, hider]]));
      touching =
        sim.pos.x + PLAYER_W >= hider.x &&
        hider.x + PLAYER_W >= sim.pos.x &&
        sim.pos.y + PLAYER_H >= hider.y &&
        hider.y + PLAYER_H >= sim.pos.y;
    }
    expect(touching).toBe(true);
  });

  test('gives way at once to a teammate standing in its way, then goes on', () => {
    // A corridor: the hider it chases is beyond a fellow seeker who stands still in the way.
    const corridor = drawWorld(`
######################
#a.....c........b....#
######################
######################`);
    const team = new Map([
      [1, player('Casper', 'R')],
      [2, player('Boo', 'B')],
      [3, player('Wisp', 'R')],
    ]);
    const sim = new Sim(corridor.map, corridor.at.a!, 'R', team);
    const seen = new Map([
      [2, corridor.at.b!],
      [3, corridor.at.c!],
    ]);
    let pushing = 0;
    let ticks = 0;
    for (; ticks < 120; ticks++) {
      const before = sim.pos;
      const keys = sim.step(seen).keys;
      if (keys & KEY.right && sim.pos.x === before.x) pushing++;
    }
    // It never holds right against the teammate for long: it steps back, plans again, comes
    // back, and gives way again (a wall would be found stuck only after STUCK_MS, 15 ticks).
    expect(sim.brain.stuckCount).toBeGreaterThan(1);
    expect(pushing).toBeLessThanOrEqual(2 * sim.brain.stuckCount);
    // A teammate walking away the same way, a little slower, is caught up with and followed.
    const follower = new Sim(corridor.map, corridor.at.a!, 'R', team);
    const leader = { ...corridor.at.a!, x: corridor.at.a!.x + PLAYER_W + 6 };
    for (let i = 0; i < 40; i++) {
      follower.step(
        new Map([
          [2, corridor.at.b!],
          [3, { ...leader }],
        ]),
      );
      leader.x += 4;
    }
    expect(leader.x - 4 - (follower.pos.x + PLAYER_W)).toBe(0); // it caught up: touching
    expect(follower.brain.stuckCount).toBe(0);
    expect(follower.pos.x).toBeGreaterThan(corridor.at.a!.x + 60);
    // The other team in the way is no reason to give way: it walks into the hider (a catch).
    const chaser = new Sim(corridor.map, corridor.at.c!, 'R', team);
    const hider = corridor.at.b!;
    for (let i = 0; i < 90 && chaser.pos.x + PLAYER_W < hider.x; i++) {
      chaser.step(new Map([[2, hider]]));
    }
    expect(chaser.pos.x + PLAYER_W).toBe(hider.x);
    expect(chaser.brain.stuckCount).toBe(0);
  });

  test('searches the dark: it comes next to every dark cell, room after room', () => {
    const dark = drawWorld(`
####################
#a.......#.........#
#........#.........#
#....#####.....#...#
#..............#...#
#..............#...#
####################`);
    const sim = new Sim(dark.map, dark.at.a!, 'R', roster());
    const nav = sim.nav;
    const unseen = new Set(nav.darkCells);
    let ticks = 0;
    for (; ticks < 900 && unseen.size > 0; ticks++) {
      sim.step();
      expect(sim.brain.mode).toBe('explore');
      for (const c of unseen) if (nav.nearSight(sim.cell, c, 2, 1)) unseen.delete(c);
    }
    expect([...unseen].map((c) => xy(nav, c))).toEqual([]);
    expect(ticks).toBeLessThan(600); // 20 s for 90 cells
  });
});

describe('lobby', () => {
  const { map, at } = drawWorld(`
############
#a.........#
#..........#
#..........#
############`);

  function lobby(seed: number, roster: Map<number, BrainPlayer>, self = 1) {
    const brain = new Brain(map, { seed });
    return (now: number) =>
      brain.decide({
        now,
        id: self,
        position: at.a!,
        team: roster.get(self)?.team ?? 'N',
        phase: 'lobby',
        roster,
        seen: new Map([[self, at.a!]]),
      });
  }

  test('joins the smaller team after a short delay, then readies once the roster shows it', () => {
    const roster = new Map([
      [1, player('Boo', 'N')],
      [2, player('Casper', 'R')],
      [3, player('Shade', 'R')],
      [4, player('Wisp', 'B')],
    ]);
    const decide = lobby(7, roster);
    const actions: [number, string][] = [];
    for (let now = 0; now < 3000; now += TICK_MS) {
      const a = decide(now).action;
      if (a !== null) actions.push([now, a]);
    }
    // The team change is not reflected yet: pressed again now and then, and no READY yet.
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expect(actions.every(([, a]) => a === 'BLUE')).toBe(true);
    expect(actions[0]![0]).toBeGreaterThanOrEqual(300);
    expect(actions[1]![0] - actions[0]![0]).toBeGreaterThanOrEqual(1000); // a retry, not a burst

    roster.set(1, player('Boo', 'B'));
    const after: string[] = [];
    for (let now = 3000; now < 4000; now += TICK_MS) {
      const a = decide(now).action;
      if (a !== null) after.push(a);
    }
    expect(after).toEqual(['READY']);
    roster.set(1, player('Boo', 'B', true));
    for (let now = 4000; now < 8000; now += TICK_MS) expect(decide(now).action).toBeNull();
  });

  test('a tie is broken by the seed, both ways', () => {
    const chosen = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const roster = new Map([
        [1, player('Boo', 'N')],
        [2, player('Casper', 'R')],
        [3, player('Wisp', 'B')],
      ]);
      const decide = lobby(seed, roster);
      for (let now = 0; now < 2000; now += TICK_MS) {
        const a = decide(now).action;
        if (a !== null) {
          chosen.add(a);
          break;
        }
      }
    }
    expect([...chosen].sort()).toEqual(['BLUE', 'RED']);
  });

  test('two too many in a team: only its highest non-ready member moves over', () => {
    const roster = () =>
      new Map([
        [1, player('Boo', 'R', true)],
        [2, player('Casper', 'R')],
        [3, player('Shade', 'R')],
        [4, player('Wisp', 'B')],
      ]);
    const highest = lobby(1, roster(), 3);
    const other = lobby(1, roster(), 2);
    const a3: string[] = [];
    const a2: string[] = [];
    for (let now = 0; now < 900; now += TICK_MS) {
      const x = highest(now).action;
      const y = other(now).action;
      if (x !== null) a3.push(x);
      if (y !== null) a2.push(y);
    }
    expect(a3).toEqual(['BLUE']);
    expect(a2).toEqual([]); // it waits: neither moving over nor readying in a lopsided team
  });

  test('countdown and end: holds nothing', () => {
    const sim = new Sim(map, at.a!, 'R', new Map([[1, player('Boo', 'R', true)]]));
    expect(sim.step(new Map(), 'countdown')).toEqual({ keys: 0, action: null });
    expect(sim.step(new Map(), 'end')).toEqual({ keys: 0, action: null });
  });
});

describe('head start', () => {
  test('a seeker holds nothing while the head start runs, then hunts', () => {
    const { map, at } = drawWorld(`
############
#a........b#
#..........#
############`);
    const roster = new Map([
      [1, player('Ann', 'R', true)],
      [2, player('Bob', 'B', true)],
    ]);
    const brain = new Brain(map, { seed: 1 });
    const decide = (headStart: boolean, now: number) =>
      brain.decide({
        now,
        id: 1,
        position: at.a!,
        team: 'R',
        phase: 'game',
        roster,
        seen: new Map([
          [1, at.a!],
          [2, at.b!],
        ]),
        headStart,
      });
    expect(decide(true, 0)).toEqual({ keys: 0, action: null });
    expect(brain.mode).toBe('idle');
    expect(decide(false, 100).keys).toBe(KEY.right);
  });
});
