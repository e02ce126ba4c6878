import { createPublicKey, type JsonWebKeyInput } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";

/** How a remote key set is fetched and cached; defaults in `defaultRemoteKeyOptions`. */
export interface RemoteKeyOptions {
  /** How long one fetch of the key set may take, in ms. */
  timeout: number;
  /** The least time between two fetches, in ms: tokens with an unknown `kid` refetch at most this often. */
  cooldown: number;
  /** How long fetched keys are used before they are fetched again, in ms. */
  cacheMaxAge: number;
  /** Told when the key set cannot be fetched (keys fetched before keep working). */
  onUnavailable: (err: unknown) => void;
}

/** The defaults of every RemoteKeyOptions field. */
export const defaultRemoteKeyOptions: Readonly<RemoteKeyOptions> = {
  timeout: 5_000,
  cooldown: 30_000,
  cacheMaxAge: 600_000,
  onUnavailable: () => {},
};

/**
 * The keys of a JWKS URL (an issuer's `jwks_uri`): fetched on first use,
 * cached, and fetched again for a token whose `kid` is not among them (at most
 * once per cooldown), so an issuer's key rotation needs no restart. When the
 * URL cannot be reached, the keys fetched before keep verifying tokens (for a
 * cooldown before the next try); a token with an unknown `kid` then fails.
 */
export function remoteKeys(url: URL, options: Partial<RemoteKeyOptions> = {}): JWTVerifyGetKey {
  const { timeout, cooldown, cacheMaxAge, onUnavailable } = { ...defaultRemoteKeyOptions, ...options };
  const remote = createRemoteJWKSet(url, { timeoutDuration: timeout, cooldownDuration: cooldown, cacheMaxAge });
  let cached: { jwks: JSONWebKeySet; keys: JWTVerifyGetKey } | undefined;
  let failedAt = -Infinity;
  const lastFetched = (): JWTVerifyGetKey | undefined => {
    const jwks = remote.jwks();
    if (jwks === undefined) return undefined;
    if (cached?.jwks !== jwks) cached = { jwks, keys: createLocalJWKSet(jwks) };
    return cached.keys;
  };
  return async (header, token) => {
    const fallback = lastFetched();
    if (fallback !== undefined && Date.now() - failedAt < cooldown) return fallback(header, token);
    try {
      return await remote(header, token);
    } catch (err) {
      if (isKeyMismatch(err)) throw err;
      failedAt = Date.now();
      onUnavailable(err);
      if (fallback === undefined) throw new errors.JWKSNoMatchingKey("the signing keys cannot be fetched");
      return fallback(header, token);
    }
  };
}

// What the key set says of a token (no key for its kid or alg), as opposed to
// failing to fetch the key set (a network error, a timeout, a non-200, bad JSON).
function isKeyMismatch(err: unknown): boolean {
  return (
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported
  );
}

/**
 * The public keys in a file, for local use and for issuers whose keys are
 * mounted (a Kubernetes Secret): a JWKS (`{"keys": [...]}`), one JWK, or PEM
 * (a public key, a certificate, or a private key whose public half is used).
 * Symmetric keys are refused, so an HS* token can never pass. Read once, at start.
 */
export function fileKeys(path: string): JWTVerifyGetKey {
  const text = readFileSync(path, "utf8");
  const jwks = text.trimStart().startsWith("{") ? jwksOfJson(text, path) : { keys: [publicJwk(text)] };
  const local = createLocalJWKSet(jwks);
  // A key without a kid (PEM has none) verifies tokens whatever kid they name.
  if (jwks.keys.some((key) => key.kid !== undefined)) return local;
  return ({ kid: _kid, ...header }, token) => local(header, token);
}

function jwksOfJson(text: string, path: string): JSONWebKeySet {
  const parsed = JSON.parse(text) as JSONWebKeySet | JWK;
  const keys = "keys" in parsed && Array.isArray(parsed.keys) ? parsed.keys : [parsed as JWK];
  if (keys.length === 0) throw new Error(`${path}: the key set has no keys`);
  return { keys: keys.map((jwk) => ({ ...publicJwk(jwk), ...keyAttributes(jwk) })) };
}

// The public part of a key only: a file holding a private or symmetric key must not make tokens signable.
function publicJwk(key: string | JWK): JWK {
  if (typeof key !== "string" && key.kty === "oct") throw new Error("symmetric (oct) keys are not accepted");
  const input = typeof key === "string" ? key : { key: key as JsonWebKeyInput["key"], format: "jwk" as const };
  const publicKey = createPublicKey(input);
  return publicKey.export({ format: "jwk" }) as JWK;
}

function keyAttributes(jwk: JWK): JWK {
  const attributes: JWK = {};
  if (jwk.kid !== undefined) attributes.kid = jwk.kid;
  if (jwk.alg !== undefined) attributes.alg = jwk.alg;
  if (jwk.use !== undefined) attributes.use = jwk.use;
  return attributes;
}
