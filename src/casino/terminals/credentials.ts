// A terminal's credential: an id the operator chooses and a secret Pitboss draws. Only a
// scrypt hash of the secret is kept (node:crypto, no dependency); it is checked with a
// constant-time compare, and a stored hash names its own cost parameters, so raising them
// later leaves older credentials valid. scrypt runs on libuv's thread pool (the async
// form), never on the event loop that serves sockets.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The cost of new hashes: N = 2^15, r = 8 (≈ 32 MiB, tens of ms), as OWASP advises for scrypt. */
export const SCRYPT_COST = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** The same pattern as the database's CHECK: a terminal id sits in topics and account ids. */
export const TERMINAL_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** 32 random bytes, base64url: what `pitboss terminal add` prints once. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function derive(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes; node's default cap (32 MiB) is just below N = 2^15.
  const opts: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(secret, salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashSecret(secret: string, cost: { N: number; r: number; p: number } = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const STORED = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{8,64})\$([A-Za-z0-9_-]{32,128})$/;

/** Whether `secret` is the one `stored` was made from. A malformed stored hash matches nothing. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (m === null) return false;
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds a hash someone wrote by hand: N a power of two, memory at most 1 GiB.
  if (cost.N < 2 || (cost.N & (cost.N - 1)) !== 0 || 128 * cost.N * cost.r > 1 << 30 || cost.p < 1) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(secret, Buffer.from(m[4]!, 'base64url'), cost).catch(() => null);
  return key !== null && key.length === expected.length && timingSafeEqual(key, expected);
}
