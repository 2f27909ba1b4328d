/**
 * What the player typed after `haunted play`: `<host>[:port]`, the host a name, an IPv4 address
 * or an IPv6 address in brackets (`[::1]:9998`; a bare IPv6 address without a port also works).
 */
export const DEFAULT_PORT = 9998;

export type Target = { readonly host: string; readonly port: number } | { readonly error: string };

export function parseTarget(text: string, defaultPort = DEFAULT_PORT): Target {
  const input = text.trim();
  if (input === '') return { error: 'no server given (try: haunted play 192.168.1.20:9998)' };
  let host = input;
  let portText: string | null = null;
  if (input.startsWith('[')) {
    const close = input.indexOf(']');
    if (close < 0) return { error: `"${input}": a "[" without its "]"` };
    host = input.slice(1, close);
    const rest = input.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { error: `"${input}": expected ":port" after "]"` };
      portText = rest.slice(1);
    }
  } else {
    const colons = input.split(':').length - 1;
    if (colons === 1) [host, portText] = input.split(':') as [string, string];
    // Two or more colons without brackets: a bare IPv6 address, default port.
  }
  if (host === '') return { error: `"${input}": no host before the port` };
  if (/\s/.test(host)) return { error: `"${input}": a host has no spaces` };
  if (portText === null) return { host, port: defaultPort };
  if (!/^\d{1,5}$/.test(portText)) return { error: `"${input}": the port must be a number` };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { error: `"${input}": the port must be 1 to 65535` };
  return { host, port };
}
