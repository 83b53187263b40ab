// Staff passwords, hashed with scrypt from node:crypto (memory-hard; no native addon to
// build). The stored form names its parameters and salt — `scrypt$N$r$p$salt$hash`,
// base64url — so they can be raised later without invalidating existing hashes. The
// check recomputes with the stored parameters and compares in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * N 2^15, r 8, p 3: one of OWASP's equivalent minimums for scrypt (the same work as
 * N 2^17, p 1) at 32 MiB per hash instead of 128 — sign-ins may run side by side.
 */
const DEFAULT = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds on stored parameters, so a crafted hash cannot make a check take a gigabyte. */
const MAX_N = 2 ** 20;
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 256;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Why a password is refused, or null: long enough to resist guessing, short enough to hash cheaply. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD) return `a staff password has at least ${MIN_PASSWORD} characters`;
  if (password.length > MAX_PASSWORD) return `a staff password has at most ${MAX_PASSWORD} characters`;
  return null;
}

export async function hashPassword(password: string, params = DEFAULT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const want = Buffer.from(parts[5]!, 'base64url');
  if (want.length !== KEY_LENGTH || password.length > MAX_PASSWORD) return false;
  return timingSafeEqual(await derive(password, salt, { N, r, p }), want);
}
