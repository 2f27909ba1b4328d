/**
 * The SSH server's host key (`haunted serve --ssh`): an ed25519 key made on first start and kept
 * in a file (mode 0600), so players' `known_hosts` stays true across restarts. Written in the
 * OpenSSH private key format (`openssh-key-v1`, unencrypted), which both `ssh2` and `ssh-keygen`
 * read; node:crypto only exports PKCS8, which `ssh2` does not take for ed25519.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { utils } from 'ssh2';

/** Where the key is kept without --ssh-host-key: the user's state directory (XDG). */
export function defaultHostKeyPath(env: Readonly<Record<string, string | undefined>>): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'haunted', 'ssh_host_ed25519_key');
}

/** An SSH wire string: its length (uint32, big-endian), then its bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** The public key blob of an ed25519 key: what known_hosts and fingerprints are made of. */
function ed25519Blob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

/** A new ed25519 key in the OpenSSH private key format (PROTOCOL.key of OpenSSH). */
export function newHostKey(comment = 'haunted'): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const check = randomBytes(4);
  let section = Buffer.concat([
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const pad = (8 - (section.length % 8)) % 8;
  section = Buffer.concat([section, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    count,
    sshString(ed25519Blob(pub)),
    sshString(section),
  ]).toString('base64');
  const lines = body.match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** `SHA256:…` of a public key blob, as `ssh-keygen -lf` prints it (unpadded base64). */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export interface HostKey {
  /** The private key as read from the file (what ssh2's `hostKeys` takes). */
  readonly pem: string;
  readonly fingerprint: string;
  /** Whether this start made it. */
  readonly created: boolean;
}

/** Reads the key at `path`, or makes and keeps one there. Throws with a message for people. */
export function loadOrCreateHostKey(path: string): HostKey {
  let created = false;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, newHostKey(), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    created = true;
  }
  const pem = readFileSync(path, 'utf8');
  const parsed = utils.parseKey(pem);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error)
    throw new Error(
      `${path} is not a private key ssh2 can read: ${key instanceof Error ? key.message : 'empty'}`,
    );
  if (key.isPrivateKey() === false)
    throw new Error(`${path} holds a public key, not a private one`);
  return { pem, fingerprint: fingerprint(key.getPublicSSH()), created };
}
