#!/usr/bin/env bun
/** Entry point of the `haunted` executable: the only place that touches the real process. */
import { runCli } from './program.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
process.exitCode = code;
