/**
 * The name a player plays under when they give none: their login name, cleaned to what the
 * server accepts (1–10 printable ASCII characters, none of `, ( ) : %`, no space).
 */
import { checkName } from '../protocol/index.ts';

/** `raw` with every character the protocol refuses removed, cut to 10; null if nothing is left. */
export function cleanName(raw: string): string | null {
  const kept = [...raw]
    .filter((ch) => checkName(ch) === 'ok')
    .join('')
    .slice(0, 10);
  return kept.length > 0 && checkName(kept) === 'ok' ? kept : null;
}

/** The default name from the environment (USER, LOGNAME, USERNAME), else "player". */
export function defaultName(env: Readonly<Record<string, string | undefined>>): string {
  for (const raw of [env.USER, env.LOGNAME, env.USERNAME]) {
    const name = raw ? cleanName(raw) : null;
    if (name) return name;
  }
  return 'player';
}
