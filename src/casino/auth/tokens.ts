// Player tokens. Pitboss signs its own (HS256 with PITBOSS_SECRET, issuer `pitboss`) for
// guests; an operator may also plug its own issuer, whose tokens are checked against its
// JWKS with asymmetric algorithms only and a required audience. The header's `alg` picks
// the verifier, and each verifier accepts only its own algorithms, so a token can never
// choose how it is checked. A token names exactly one player (`sub`); everything a
// socket may do follows from it.
import { SignJWT, jwtVerify, createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, type JWTPayload } from 'jose';
import { PitbossError } from '../../errors.ts';
import { DEFAULT_JWKS_ALGORITHMS, JWKS_ALGORITHMS } from '../../config/jwks.ts';

export { DEFAULT_JWKS_ALGORITHMS, JWKS_ALGORITHMS } from '../../config/jwks.ts';

export interface Identity {
  playerId: string;
  name: string;
  roles: string[];
  /** seconds since the epoch */
  expiresAt: number;
}

export interface TokenOptions {
  secret: string;
  ttlSeconds: number;
  jwks?: { url: string; issuer?: string | undefined; audience: string; algorithms?: readonly string[] } | undefined;
}

const OWN_ISSUER = 'pitboss';
const OWN_ALGORITHM = 'HS256';

/** Why a token was refused, for logs (clients see `unauthorized` and the message). */
export type TokenProblem = 'token_missing' | 'token_expired' | 'token_invalid';

export class TokenRefused extends PitbossError {
  readonly problem: TokenProblem;
  constructor(problem: TokenProblem, message: string, options?: { cause?: unknown }) {
    super('unauthorized', message, {}, options);
    this.name = 'TokenRefused';
    this.problem = problem;
  }
}
const ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;

export class Tokens {
  private readonly key: Uint8Array;
  private readonly ttl: number;
  private readonly remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly remoteOpts: { issuer?: string; audience: string; algorithms: string[] } | undefined;

  constructor(opts: TokenOptions) {
    if (opts.secret.length < 32) throw new RangeError('the token secret must be at least 32 characters');
    this.key = new TextEncoder().encode(opts.secret);
    this.ttl = opts.ttlSeconds;
    if (opts.jwks) {
      if (!opts.jwks.audience) throw new RangeError('an operator JWKS needs an audience: tokens its issuer signs for other services must not open sessions here');
      const algorithms = [...(opts.jwks.algorithms ?? DEFAULT_JWKS_ALGORITHMS)];
      const bad = algorithms.find((a) => !(JWKS_ALGORITHMS as readonly string[]).includes(a));
      if (bad !== undefined || algorithms.length === 0) throw new RangeError(`JWKS algorithm ${bad ?? '(none)'} is not allowed; choose from ${JWKS_ALGORITHMS.join(', ')}`);
      this.remote = createRemoteJWKSet(new URL(opts.jwks.url));
      this.remoteOpts = { audience: opts.jwks.audience, algorithms, ...(opts.jwks.issuer ? { issuer: opts.jwks.issuer } : {}) };
    }
  }

  async issue(who: { playerId: string; name: string; roles?: string[] }, ttlSeconds = this.ttl): Promise<string> {
    if (!ID_PATTERN.test(who.playerId)) throw new PitbossError('invalid_payload', 'player id has characters a topic cannot hold');
    return new SignJWT({ name: who.name, roles: who.roles ?? ['player'] })
      .setProtectedHeader({ alg: OWN_ALGORITHM, typ: 'JWT' })
      .setSubject(who.playerId)
      .setIssuer(OWN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The identity a token proves, or TokenRefused (reason `unauthorized`) with the cause. */
  async verify(token: unknown): Promise<Identity> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new TokenRefused('token_missing', 'a token is required');
    }
    let payload: JWTPayload;
    try {
      payload = await this.verifyAny(token);
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new TokenRefused('token_expired', 'the token has expired', { cause: err });
      throw new TokenRefused('token_invalid', 'the token is not valid', { cause: err });
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || !ID_PATTERN.test(sub) || typeof payload.exp !== 'number') {
      throw new TokenRefused('token_invalid', 'the token names no valid player or has no expiry');
    }
    const name = typeof payload['name'] === 'string' ? (payload['name'] as string).slice(0, 32) : sub;
    const rawRoles = payload['roles'];
    const roles = Array.isArray(rawRoles) ? rawRoles.filter((r): r is string => typeof r === 'string') : ['player'];
    return { playerId: sub, name, roles, expiresAt: payload.exp };
  }

  private async verifyAny(token: string): Promise<JWTPayload> {
    // Ours are HS256; anything else goes to the operator's keys if configured. Both calls
    // pin their algorithms again, so the header only chooses which check fails.
    const alg = decodeProtectedHeader(token).alg;
    if (alg === OWN_ALGORITHM || !this.remote || !this.remoteOpts) {
      const { payload } = await jwtVerify(token, this.key, { issuer: OWN_ISSUER, algorithms: [OWN_ALGORITHM], requiredClaims: ['exp', 'sub'] });
      return payload;
    }
    const { payload } = await jwtVerify(token, this.remote, { ...this.remoteOpts, requiredClaims: ['exp', 'sub', 'aud'] });
    return payload;
  }
}
