// Access tokens: short-lived JWTs signed with HS256 and JWT_SECRET_KEY. The
// algorithm is pinned on verification, so "alg":"none" or an RS/HS confusion
// token is refused before any claim is read. Each token names its session
// (sid), and the session is checked on every request, so a logout or a
// detected refresh-token reuse ends access tokens at once, not in 15 minutes.
import { createSecretKey, hash, randomUUID } from 'node:crypto';
// jose's entry points for what is used, not its index (which loads every JWE/JWK/JWKS module at start).
import * as errors from 'jose/errors';
import { SignJWT } from 'jose/jwt/sign';
import { jwtVerify } from 'jose/jwt/verify';
import { unauthorized } from './errors.js';

export const ACCESS_TOKEN_TTL_S = 15 * 60;
const ISSUER = 'finance-bot';
const AUDIENCE = 'finance-bot-api';

export type AccessClaims = { userId: number; sessionId: string; tokenId: string };
export type IssuedAccessToken = { token: string; expiresAt: number; expiresIn: number };

export type TokenService = {
  issue(userId: number, sessionId: string): Promise<IssuedAccessToken>;
  verify(token: string): Promise<AccessClaims>;
  /** The claims of a token verified before and not expired, at once; undefined when it must go through verify(). */
  verifiedBefore(token: string): AccessClaims | undefined;
};

/** Verified tokens remembered (by their SHA-256, never as sent); bounded, oldest dropped first. */
const VERIFIED_CACHE_SIZE = 10_000;

type Verified = { claims: AccessClaims; expiresAt: number };

export function createTokenService(secret: string, now: () => number): TokenService {
  // Imported once: jose would otherwise import a raw Uint8Array key on every call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // A token's signature and claims never change, so a verified token need not
  // be verified again until it expires. Revocation is not cached: the guard
  // checks the session on every request (plugins/auth.ts), so a logout or a
  // revoked session takes effect at once.
  const verified = new Map<string, Verified>();
  // One-shot hash(): a third of createHash().update().digest() for a token-sized input.
  const cacheKey = (token: string) => hash('sha256', token, 'base64');
  const remember = (k: string, v: Verified) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    verified.set(k, v);
  };
  const service: TokenService = {
    async issue(userId, sessionId) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + ACCESS_TOKEN_TTL_S;
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(userId))
        .setJti(randomUUID())
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: exp * 1000, expiresIn: ACCESS_TOKEN_TTL_S };
    },
    async verify(token) {
      const key = cacheKey(token);
      const known = recall(key);
      if (known) return known;
      const claims = await verifyToken(token);
      remember(key, claims);
      return claims.claims;
    },
    verifiedBefore: (token) => recall(cacheKey(token)),
  };
  function recall(key: string): AccessClaims | undefined {
    const hit = verified.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt > now()) return hit.claims;
    verified.delete(key);
    return undefined;
  }
  async function verifyToken(token: string): Promise<Verified> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'jti', 'iat', 'exp', 'sid'],
        currentDate: new Date(now()),
      });
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId) || userId < 1 || typeof payload['sid'] !== 'string' || typeof payload.jti !== 'string') {
        throw unauthorized('The access token is not valid', 'invalid_token');
      }
      return { claims: { userId, sessionId: payload['sid'], tokenId: payload.jti }, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw unauthorized('The access token has expired; refresh it', 'token_expired');
      if (e instanceof errors.JOSEError) throw unauthorized('The access token is not valid', 'invalid_token');
      throw e;
    }
  }
  return service;
}
