/**
 * The `haunted` command line: one program, one subcommand per file under commands/, each loaded
 * only when it runs so that `haunted --help` starts fast. Usage errors exit 2, runtime failures 1.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_RULES } from '../game/state.ts';
import { type CliIO, EXIT } from './cli-io.ts';
import { runVersion, versionLine } from './version.ts';

/** For callers of the program (tests, main.ts): the commands import them from cli-io.ts. */
export { type CliIO, EXIT };

/** A parser for a whole number in [min, max], for commander options. */
export function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value))
      throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected ${min} to ${max}, got ${n}`);
    return n;
  };
}

/** A parser for a number of seconds in [min, max] (decimals allowed). */
export function secondsIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`expected seconds, got "${value}"`);
    if (n < min || n > max)
      throw new InvalidArgumentError(`expected ${min} to ${max} seconds, got ${n}`);
    return n;
  };
}

/** Where a command writes; a parameter so tests can capture it. */
/** Builds the program; commands report their exit code through `exit`. */
export function createProgram(io: CliIO, exit: (code: number) => void = () => {}): Command {
  const program = new Command('haunted')
    .description(
      'Haunted Chronicles: real-time multiplayer hide-and-seek in a dark manor, in your terminal.',
    )
    .version(versionLine(), '-V, --version', 'print the version, commit and build target, and exit')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('map')
    .argument('[file]', 'a map file to check (default: the built-in classic manor)')
    .description('check a map and print it as the game draws it, with its lights and lit areas')
    .option('--color <mode>', 'colours: auto, truecolor, 256, 16 or none', 'auto')
    .addHelpText(
      'after',
      '\nExamples:\n  haunted map                 the built-in classic manor\n  haunted map my-manor.map    check your own map (errors as file:line:column)\n\nThe format is described in docs/MAPS.md.',
    )
    .action(async (file: string | undefined, opts: { color: string }) => {
      const { runMap } = await import('./commands/map.ts');
      exit(await runMap(io, file, opts));
    });

  program
    .command('serve')
    .description(
      'run a game server on one UDP port (Ctrl-C or "stop" tells every player, then exits)',
    )
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--port <port>', 'UDP port', intIn(0, 65535), 9998)
    .option(
      '--classic-port <port>',
      "also let the original game's own client join, on this UDP port (off by default)",
      intIn(0, 65535),
    )
    .option('--classic-room <name>', 'the room classic players join (default: the default room)')
    .option('--tick <hz>', 'simulation ticks (and snapshots) per second', intIn(1, 120), 30)
    .option('--max-players <n>', 'players at most in each room', intIn(1, 64), 10)
    .option(
      '--rooms <rooms>',
      'rooms to open at start besides "default", as NAME[:MAP],… (MAP: classic, grand, or the --map file\'s name); they never close when idle',
    )
    .option(
      '--room-idle <seconds>',
      "a room a player made closes after this long without anybody playing in it (not the default room, not --rooms')",
      secondsIn(1, 86400),
      300,
    )
    .option('--max-rooms <n>', 'rooms at most, the default room included', intIn(1, 1000), 64)
    .addOption(
      new Option('--create <who>', 'who may make rooms: open (any player) or none')
        .choices(['open', 'none'])
        .default('open'),
    )
    .option(
      '--countdown <seconds>',
      'countdown from everybody ready to the game',
      secondsIn(0, 600),
      5,
    )
    .option(
      '--seek-time <seconds>',
      'how long the seekers have',
      secondsIn(1, 86400),
      DEFAULT_RULES.seekTime,
    )
    .option('--end-time <seconds>', 'end banner before the lobby', secondsIn(0, 600), 5)
    .option(
      '--head-start <seconds>',
      'seekers stand still and see nothing this long at the start of a game (0: no head start)',
      secondsIn(0, 60),
      5,
    )
    .option(
      '--lobby-wait <seconds>',
      'once each team has a ready player, start anyway after this long (0: wait for everybody)',
      secondsIn(0, 300),
      30,
    )
    .option('--timeout <seconds>', 'drop a player silent this long', secondsIn(1, 600), 5)
    .option('--map <file>', 'map file (default: the classic manor); see docs/MAPS.md')
    .option('--name <text>', 'server name shown by haunted ping', 'Haunted Chronicles')
    .option(
      '--seed <n>',
      'seed of the game (spawns, colours): the same seed replays the same game',
      intIn(0, 2 ** 31 - 1),
    )
    .option('--log-file <file>', 'also append the log to this file')
    .option(
      '--stats-file <file>',
      'write the counters and tick times as JSON to this file every second',
    )
    .addOption(
      new Option('--log-format <format>', 'log lines as text or JSON')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--debug', 'print every datagram in and out, decoded', false)
    .option(
      '--bots <n>',
      'bots playing in the default room, in the server process (over UDP, like any player)',
      intIn(0, 63),
    )
    .option(
      '--bots-per-room <n>',
      'bots in every room opened at start (the default room too, unless --bots says otherwise)',
      intIn(0, 64),
    )
    .option('--lag <ms>', 'network simulator: delay each way on every datagram, ms')
    .option('--jitter <ms>', 'network simulator: ± this much on each delay, ms')
    .option('--loss <percent>', 'network simulator: datagrams lost each way, %')
    .option('--dup <percent>', 'network simulator: datagrams duplicated, %')
    .option(
      '--agones',
      'run as an Agones game server (on by itself when AGONES_SDK_GRPC_PORT is set); docs/HOSTING.md',
      false,
    )
    .option(
      '--agones-session',
      'under Agones: host one game, then shut the game server down',
      false,
    )
    .option(
      '--agones-health <seconds>',
      'under Agones: seconds between health pings',
      secondsIn(0.05, 60),
      2,
    )
    .option(
      '--ssh <port>',
      'also serve the game over SSH on this TCP port (ssh -p PORT host)',
      intIn(0, 65535),
    )
    .option('--ssh-host <address>', 'address the SSH server listens on (default: --host)')
    .option(
      '--ssh-host-key <file>',
      'SSH host key, made on first start (default: ~/.local/state/haunted/ssh_host_ed25519_key)',
    )
    .option(
      '--ssh-authorized-keys <file>',
      'only these public keys may play over SSH (default: anyone)',
    )
    .option('--ssh-max-sessions <n>', 'SSH connections at most at once', intIn(1, 1000), 32)
    .option(
      '--ssh-idle <seconds>',
      'disconnect an SSH player without a key this long',
      secondsIn(10, 86400),
      600,
    )
    .option(
      '--announce <host[:port]>',
      'heartbeat to this list server (haunted list-server; port 27950 if not given); repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addHelpText(
      'after',
      '\nExamples:\n  haunted serve                          the classic manor on port 9998\n  haunted serve --bots 4                 with four bots to play against\n  haunted serve --rooms fridays,big:grand   two more rooms; join one with haunted play host/fridays\n  haunted serve --rooms a,b,c --bots-per-room 3 --create none   three rooms of bots; players make none\n  haunted serve --port 7777 --seek-time 90 --map annexe.map\n  haunted serve --log-file haunted.log --log-format json\n  haunted serve --classic-port 9999      the original pygame client joins too\n\nRooms: every player is in one room (a game); a player may make one (haunted play, N on the room\nlist) unless --create none; a room a player made closes after --room-idle without play.\n\nConsole (when run in a terminal): status, rooms, room <room>, close <room>, kick <name> [room],\ndeaf, listen, debug on|off, stop, help.',
    )
    .action(async (opts) => {
      const { runServe } = await import('./commands/serve.ts');
      exit(await runServe(io, opts));
    });

  program
    .command('play')
    .argument(
      '[host]',
      'the server: a name or an IP address, with :port if not 9998, and /room to join that room; none: a local game with bots',
    )
    .description(
      'play in this terminal: join a server, or with no host a game of your own against bots',
    )
    .option('--name <name>', 'your name (default: your login name, cleaned)')
    .option('--fps <n>', 'frames drawn per second', intIn(1, 120), 30)
    .addOption(
      new Option('--keys <layout>', 'keyboard: auto lets q move left on AZERTY until you press W')
        .choices(['auto', 'qwerty', 'azerty'])
        .default('auto'),
    )
    .option('--bots <n>', 'bots in a local game (default 5)', intIn(0, 63))
    .option('--map <file>', "the local game's map (default: the classic manor)")
    .option(
      '--head-start <seconds>',
      "the local game's head start: seekers stand still and see nothing (default 5)",
      secondsIn(0, 60),
    )
    .option(
      '--lobby-wait <seconds>',
      "the local game's lobby timer once each team has a ready player (default 30)",
      secondsIn(0, 300),
    )
    .option(
      '--seed <n>',
      'seed of the local game and of the network simulator',
      intIn(0, 2 ** 31 - 1),
    )
    .option('--lag <ms>', 'network simulator: delay each way, ms')
    .option('--jitter <ms>', 'network simulator: ± this much on each delay, ms')
    .option('--loss <percent>', 'network simulator: datagrams lost each way, %')
    .option('--dup <percent>', 'network simulator: datagrams duplicated, %')
    .option('--color <mode>', 'colours: auto, truecolor, 256, 16 or none', 'auto')
    .option(
      '--list [host]',
      'the rooms of every server a list server knows, nearest first (no host: $HAUNTED_LIST)',
    )
    .option(
      '--log-file <file>',
      'append what happens to this file (nothing is printed while playing)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  haunted play                           a game of your own against 5 bots\n  haunted play --lag 75 --jitter 10 --loss 5   the same over a bad network\n  haunted play localhost                 a server on this machine, port 9998\n  haunted play 192.168.1.20:7777 --name Ana\n  haunted play manor.lan/K7QX             join the room K7QX of that server\n  haunted play "[fe80::1]:9998"\n  haunted play --list lists.example.org   every room of every server it lists, nearest first\n\nA server with several rooms shows them first: arrows choose, Enter joins, N makes a room.\nKeys: arrows, WASD or ZQSD move; R seekers, B hiders, N no team; Space ready;\nF2 or ? network panel; Esc (or q on QWERTY) quits.',
    )
    .action(async (host: string | undefined, opts) => {
      const { runPlay } = await import('./commands/play.ts');
      exit(await runPlay(io, host, opts));
    });

  program
    .command('bots')
    .argument('<host>', 'the server: a name or an IP address, with :port if not 9998')
    .description('headless players that join a server and play both roles until Ctrl-C')
    .option('--count <n>', 'how many bots', intIn(1, 64), 4)
    .option(
      '--seed <n>',
      'seed of their choices (and of the network simulator)',
      intIn(0, 2 ** 31 - 1),
    )
    .option('--lag <ms>', 'network simulator: delay each way, ms')
    .option('--jitter <ms>', 'network simulator: ± this much on each delay, ms')
    .option('--loss <percent>', 'network simulator: datagrams lost each way, %')
    .option('--dup <percent>', 'network simulator: datagrams duplicated, %')
    .addHelpText(
      'after',
      '\nExamples:\n  haunted bots localhost --count 6        six bots on a server of this machine\n  haunted bots 192.168.1.20 --count 3 --lag 75 --loss 5',
    )
    .action(async (host: string, opts) => {
      const { runBots } = await import('./commands/bots.ts');
      exit(await runBots(io, host, opts));
    });

  program
    .command('ping')
    .argument('<host>', 'the server: a name or an IP address, with :port if not 9998')
    .description(
      'ask a server how it is (name, version, phase, players, its rooms) and time the round trip, without joining',
    )
    .option('--count <n>', 'PINGs to send', intIn(1, 1000), 4)
    .option('--interval <seconds>', 'time between two PINGs', secondsIn(0.05, 60), 1)
    .addHelpText(
      'after',
      '\nExamples:\n  haunted ping localhost                 4 PINGs to a server on this machine, port 9998\n  haunted ping 192.168.1.20:7777 --count 10 --interval 0.2\n\nEach PING waits 2 s for its answer. Then the rooms, one line each (name, map, phase,\nplayers/max, open or closed). Exit 0 if any PING was answered, 1 if none, 2 for a bad host or option.',
    )
    .action(async (host: string, opts: { count: number; interval: number }) => {
      const { runPing } = await import('./commands/ping.ts');
      exit(await runPing(io, host, opts));
    });

  program
    .command('list-server')
    .description(
      'run a list server: game servers announce themselves (serve --announce), players find them',
    )
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--port <port>', 'UDP port', intIn(0, 65535), 27950)
    .option(
      '--interval <seconds>',
      'heartbeat interval told to game servers; 3 missed and a server is dropped',
      intIn(1, 3600),
      10,
    )
    .option('--max-servers <n>', 'servers listed at most', intIn(1, 100_000), 10_000)
    .addOption(
      new Option('--log-format <format>', 'log lines as text or JSON')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  haunted list-server                    on UDP port 27950\n  haunted serve --announce lists.example.org   a game server announcing itself to it\n  haunted servers lists.example.org      every room of every server listed, by ping\n\nThe protocol: docs/LIST-SERVER.md.',
    )
    .action(async (opts) => {
      const { runListServer } = await import('./commands/list-server.ts');
      exit(await runListServer(io, opts));
    });

  program
    .command('servers')
    .argument('[host]', 'the list server, with :port if not 27950 (default: $HAUNTED_LIST)')
    .description('ask a list server for its game servers, then each of them for its rooms, by ping')
    .option('--not-full', 'only servers with room for a player', false)
    .option('--not-empty', 'only servers with a player', false)
    .option('--map <id>', 'only servers whose default map is this one')
    .option('--json', 'print the list as JSON', false)
    .addHelpText(
      'after',
      '\nExamples:\n  haunted servers localhost              a list server on this machine\n  HAUNTED_LIST=lists.example.org haunted servers --not-full',
    )
    .action(async (host: string | undefined, opts) => {
      const { runServers } = await import('./commands/servers.ts');
      exit(await runServers(io, host, opts));
    });

  program
    .command('bench')
    .description(
      'measure: a server and bots over UDP on this machine, playing; server and player figures',
    )
    .option('--bots <n>', 'bots playing', intIn(1, 64), 10)
    .option('--seconds <s>', 'how long to measure', secondsIn(1, 3600), 20)
    .option('--warmup <s>', 'seconds of play before measuring', secondsIn(0, 3600), 10)
    .option('--tick <hz>', 'server ticks per second', intIn(1, 120), 30)
    .option('--map <name|file>', 'the map (classic, grand or a file)', 'classic')
    .option(
      '--seed <n>',
      'seed of the game, the bots and the network simulator',
      intIn(0, 2 ** 31 - 1),
    )
    .option('--lag <ms>', 'network simulator on the bots: delay each way, ms')
    .option('--jitter <ms>', 'network simulator: ± this much on each delay, ms')
    .option('--loss <percent>', 'network simulator: datagrams lost each way, %')
    .option('--dup <percent>', 'network simulator: datagrams duplicated, %')
    .option('--json', 'print the figures as JSON', false)
    .addHelpText(
      'after',
      '\nExamples:\n  haunted bench                          10 bots for 20 s after 10 s of play\n  haunted bench --lag 75 --jitter 20 --loss 5   150 ms round trips, 5 % loss each way\n  haunted bench --bots 64 --map grand --json',
    )
    .action(async (opts) => {
      const { runBench } = await import('./commands/bench.ts');
      exit(await runBench(io, opts));
    });

  program
    .command('version')
    .description('print the version, the commit and the target this haunted was built for')
    .option('--json', 'as one JSON object: version, commit, target, protocol, bun', false)
    .addHelpText(
      'after',
      '\nExamples:\n  haunted version              haunted 0.1.0 (commit 8323f3a, bun-linux-x64, protocol 2)\n  haunted version --json       the same as JSON, for bug reports and scripts',
    )
    .action((opts: { json: boolean }) => {
      exit(runVersion(io, opts));
    });

  program.addHelpText(
    'after',
    '\nExamples:\n  haunted serve               host a game on UDP port 9998\n  haunted play                play against bots on this machine, nothing to set up\n  haunted play localhost      join a server from this machine\n  haunted ping localhost      is a server there? its name, phase, players and round trip\n  haunted bots localhost      four bots join a server and play\n  haunted bench               a server and 10 bots over UDP: how fast, how smooth\n  haunted servers HOST        every room of every server a list server knows, by ping\n  haunted list-server         a list server: game servers announce themselves, players find them\n  haunted map                 show the classic manor, its lights and what they light\n  haunted map house.map       check a map you drew\n  haunted version --json      the version, commit and build target, for a bug report\n\nRun "haunted <command> --help" for a command\'s options.',
  );
  return program;
}

/** Runs the program; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(io, (c) => {
    code = c;
  });
  // A usage error points at the help of the command it is about, or at the program's.
  const first = argv.find((a) => !a.startsWith('-'));
  const command = program.commands.find((c) => c.name() === first)?.name();
  const usageHint = `Run "haunted${command ? ` ${command}` : ''} --help" for usage.\n`;
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    if (code === EXIT.usage) io.stderr(usageHint);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (err.exitCode === 0) return EXIT.ok;
      if (!err.message.includes('--help')) io.stderr(usageHint);
      return EXIT.usage;
    }
    io.stderr(`haunted: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failure;
  }
}
