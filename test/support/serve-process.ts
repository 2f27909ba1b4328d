/**
 * `haunted serve` as a child on 127.0.0.1 and a free port, for the end-to-end tests that drive
 * clients in tmux: the port it prints, and a kill for the test's clean-up.
 */

/** Starts `<bin> serve --host 127.0.0.1 --port 0 <args>`; resolves once it says where it listens. */
export async function serveOnFreePort(
  bin: string,
  args: readonly string[],
): Promise<{ port: number; kill: () => void }> {
  const proc = Bun.spawn([bin, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  const reader = proc.stdout.getReader();
  let banner = '';
  const listening = /listening on 127\.0\.0\.1:(\d+)/;
  while (!listening.test(banner)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${banner}${await new Response(proc.stderr).text()}`);
    banner += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { port: Number(listening.exec(banner)![1]), kill };
}
