// Player tokens. Pitboss signs its own (HS256 with PITBOSS_SECRET) for guests; an
// operator may also plug its own issuer, whose tokens are checked against its JWKS.
// A token names exactly one player (`sub`); everything a socket may do follows from it.
import { SignJWT, jwtVerify, createRemoteJWKSet, errors as joseErrors, type JWTPayload } from 'jose';
import { PitbossError } from '../../errors.ts';

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
  issuer?: string;
  jwks?: { url: string; issuer?: string | undefined; audience?: string | undefined } | undefined;
}

const OWN_ISSUER = 'pitboss';
const ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;

export class Tokens {
  private readonly key: Uint8Array;
  private readonly ttl: number;
  private readonly remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly remoteOpts: { issuer?: string; audience?: string };

  constructor(opts: TokenOptions) {
    this.key = new TextEncoder().encode(opts.secret);
    this.ttl = opts.ttlSeconds;
    this.remote = opts.jwks ? createRemoteJWKSet(new URL(opts.jwks.url)) : undefined;
    this.remoteOpts = {};
    if (opts.jwks?.issuer) this.remoteOpts.issuer = opts.jwks.issuer;
    if (opts.jwks?.audience) this.remoteOpts.audience = opts.jwks.audience;
  }

  async issue(who: { playerId: string; name: string; roles?: string[] }, ttlSeconds = this.ttl): Promise<string> {
    if (!ID_PATTERN.test(who.playerId)) throw new PitbossError('invalid_payload', 'player id has characters a topic cannot hold');
    return new SignJWT({ name: who.name, roles: who.roles ?? ['player'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(who.playerId)
      .setIssuer(OWN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The identity a token proves, or PitbossError('unauthorized') with the cause. */
  async verify(token: unknown): Promise<Identity> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new PitbossError('unauthorized', 'a token is required');
    }
    let payload: JWTPayload;
    try {
      payload = await this.verifyAny(token);
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired;
      throw new PitbossError('unauthorized', expired ? 'the token has expired' : 'the token is not valid', {}, { cause: err });
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || !ID_PATTERN.test(sub) || typeof payload.exp !== 'number') {
      throw new PitbossError('unauthorized', 'the token names no valid player or has no expiry');
    }
    const name = typeof payload['name'] === 'string' ? (payload['name'] as string).slice(0, 32) : sub;
    const rawRoles = payload['roles'];
    const roles = Array.isArray(rawRoles) ? rawRoles.filter((r): r is string => typeof r === 'string') : ['player'];
    return { playerId: sub, name, roles, expiresAt: payload.exp };
  }

  private async verifyAny(token: string): Promise<JWTPayload> {
    // Our own tokens first (cheap, local); an operator's issuer only if configured.
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: OWN_ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      return payload;
    } catch (err) {
      if (!this.remote || err instanceof joseErrors.JWTExpired) throw err;
      const { payload } = await jwtVerify(token, this.remote, { ...this.remoteOpts, requiredClaims: ['exp', 'sub'] });
      return payload;
    }
  }
}
