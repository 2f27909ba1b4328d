/**
 * The `haunted` command line: one program, one subcommand per file under commands/, each loaded
 * only when it runs so that `haunted --help` starts fast. Usage errors exit 2, runtime failures 1.
 */
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Where a command writes; a parameter so tests can capture it. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables (NO_COLOR, COLORTERM, TERM…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colours default to off when it is not). */
  readonly isTTY: boolean;
}

/** Builds the program; commands report their exit code through `exit`. */
export function createProgram(io: CliIO, exit: (code: number) => void = () => {}): Command {
  const program = new Command('haunted')
    .description(
      'Haunted Chronicles: real-time multiplayer hide-and-seek in a dark manor, in your terminal.',
    )
    .version(pkg.version, '-V, --version', 'print the version and exit')
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

  program.addHelpText(
    'after',
    '\nExamples:\n  haunted map                 show the classic manor, its lights and what they light\n  haunted map house.map       check a map you drew\n\nRun "haunted <command> --help" for a command\'s options.',
  );
  return program;
}

/** Runs the program; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (err.exitCode === 0) return EXIT.ok;
      if (!err.message.includes('--help')) io.stderr('Run "haunted --help" for usage.\n');
      return EXIT.usage;
    }
    io.stderr(`haunted: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failure;
  }
}
