// Staff sessions: sign-in with a name and password, and the token that proves it after.
// A staff token is a JWT (jose, HS256) with audience `pitboss:staff`, signed with a key
// derived from the server secret for staff sessions alone: a player token (no audience,
// the player key) never verifies here, and a staff token never verifies as a player's.
// Each request re-reads the account, so disabling it or changing its role takes effect
// at the next request, not when the token expires.
import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { STAFF_NAME, type StaffAccounts, type StaffRole } from '../../ledger/index.ts';
import { PitbossError } from '../../errors.ts';
import { TokenRefused } from '../auth/tokens.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const STAFF_AUDIENCE = 'pitboss:staff';
const ISSUER = 'pitboss';
const ALGORITHM = 'HS256';

export interface StaffIdentity {
  name: string;
  role: StaffRole;
  /** seconds since the epoch */
  expiresAt: number;
  /** the session's id (the token's `jti`): what signing out records; null for tokens made before sessions had ids */
  sessionId: string | null;
}

export interface StaffAuthOptions {
  /** The server secret (PITBOSS_SECRET); staff tokens use a key derived from it. */
  secret: string;
  /** PITBOSS_STAFF_SESSION_TTL */
  ttlSeconds: number;
  staff: StaffAccounts;
}

const WRONG = 'the name or the password is wrong, or the account is disabled';

export class StaffAuth {
  readonly #key: Uint8Array;
  readonly #ttl: number;
  readonly #staff: StaffAccounts;
  /** A hash of no one's password, checked for unknown names (below). */
  #decoy: Promise<string> | undefined;

  constructor(opts: StaffAuthOptions) {
    if (opts.secret.length < 32) throw new RangeError('the token secret must be at least 32 characters');
    this.#key = createHmac('sha256', opts.secret).update('pitboss staff sessions v1').digest();
    this.#ttl = opts.ttlSeconds;
    this.#staff = opts.staff;
  }

  /**
   * A session for a name and password, or `unauthorized` with one message for every
   * cause: an unknown name is checked against a decoy hash, so it takes as long to refuse
   * as a wrong password and the answer never tells which names exist.
   */
  async signIn(name: string, password: string, ip: string): Promise<{ token: string; identity: StaffIdentity }> {
    const found = STAFF_NAME.test(name) ? await this.#staff.credentials(name) : null;
    const ok = await verifyPassword(password, found?.passwordHash ?? (await (this.#decoy ??= hashPassword(randomBytes(18).toString('base64url')))));
    if (!found || !ok || found.account.disabledAt !== null) throw new PitbossError('unauthorized', WRONG);
    const expiresAt = Math.floor(Date.now() / 1000) + this.#ttl;
    const sessionId = randomBytes(18).toString('base64url');
    const token = await new SignJWT({ role: found.account.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setJti(sessionId)
      .setSubject(name)
      .setIssuer(ISSUER)
      .setAudience(STAFF_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.#key);
    await this.#staff.signedIn(name, { ip, expiresAt });
    return { token, identity: { name, role: found.account.role, expiresAt, sessionId } };
  }

  /** Ends the session this identity came from: its token is refused from the next request on. */
  async signOut(who: StaffIdentity): Promise<void> {
    if (who.sessionId === null) throw new PitbossError('invalid_action', 'this session has no id to sign out; it ends at its expiry');
    await this.#staff.signedOut(who.name, { sessionId: who.sessionId, expiresAt: who.expiresAt });
  }

  /** Who a staff token names, as the account stands now; TokenRefused otherwise. */
  async verify(token: unknown): Promise<StaffIdentity> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw new TokenRefused('token_missing', 'a staff token is required');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER, audience: STAFF_AUDIENCE, algorithms: [ALGORITHM], requiredClaims: ['exp', 'sub', 'aud'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new TokenRefused('token_expired', 'the staff session has expired; sign in again', { cause: err });
      throw new TokenRefused('token_invalid', 'not a valid staff token', { cause: err });
    }
    const sessionId = typeof payload.jti === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(payload.jti) ? payload.jti : null;
    const account = typeof payload.sub === 'string' && STAFF_NAME.test(payload.sub) ? await this.#staff.forSession(payload.sub, sessionId) : null;
    if (!account || account.disabledAt !== null) throw new TokenRefused('token_invalid', 'the staff account is disabled or gone, or the session was signed out');
    return { name: account.name, role: account.role, expiresAt: payload.exp!, sessionId };
  }
}
