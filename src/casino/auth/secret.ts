// The token-signing secret when the operator configured none (never in production: see
// src/config.ts). There is no built-in secret: a constant in public source lets anyone
// mint a token for any player. Instead 32 bytes from the CSPRNG are generated on the
// first start and kept in the data directory, readable by the owner only, so tokens
// survive a restart. Without a data directory (DATABASE_URL=memory://, tests) the secret
// lives in memory for the life of the process.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const SECRET_FILE = 'token_secret';
const SECRET_BYTES = 32;

export interface GeneratedSecret {
  secret: string;
  /** where it is kept; undefined for an in-memory secret */
  path: string | undefined;
  created: boolean;
  /** the file may be read by group or others (mode wider than 0600) */
  exposed: boolean;
}

export function randomSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** The secret kept in `dir`, created on first use. Two processes starting at once end up with the same one. */
export async function loadOrCreateSecret(dir: string): Promise<GeneratedSecret> {
  const path = join(dir, SECRET_FILE);
  const existing = await readSecret(path);
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written under a private name, then linked into place: link() never replaces a file,
  // so a concurrent start either wins or reads the winner's complete file — never a
  // half-written one, and a crash midway leaves no empty secret behind.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(`${randomSecret()}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  let created = true;
  try {
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    await unlink(tmp);
  }
  const kept = await readSecret(path);
  if (!kept) throw new Error(`${path} vanished while it was being created`);
  return { ...kept, created };
}

async function readSecret(path: string): Promise<GeneratedSecret | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const secret = text.trim();
  // A truncated or edited file must not quietly weaken every token.
  if (secret.length < 32) throw new Error(`${path} holds no usable token secret (fewer than 32 characters); delete it to generate a new one`);
  const mode = (await stat(path)).mode;
  return { secret, path, created: false, exposed: (mode & 0o077) !== 0 };
}
