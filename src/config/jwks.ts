// The algorithms an operator's JWKS may sign with, as data config owns: src/config.ts
// refuses any other in PITBOSS_JWT_ALGORITHMS, and src/casino/auth/tokens.ts checks
// them again when it builds the verifier.

/** Public-key signatures only: an HMAC algorithm would verify with key material the issuer publishes. */
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;
export const DEFAULT_JWKS_ALGORITHMS: readonly string[] = ['RS256', 'ES256', 'EdDSA', 'Ed25519'];
