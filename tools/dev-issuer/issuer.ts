import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from "jose";

/** One signing key of an issuer: its private half signs tokens, its public JWK goes in the JWKS. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Makes a fresh key pair for `alg` (RS256, ES256, EdDSA, ...) named `kid`. */
export async function newSigningKey(kid: string, alg = "ES256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** The JWKS publishing the public halves of `keys`. */
export function jwksOf(...keys: readonly SigningKey[]): JSONWebKeySet {
  return { keys: keys.map((key) => key.publicJwk) };
}

/** What a minted token says; `expiresIn` and `notBefore` are jose time spans ("1h", "-5m") or epoch seconds. */
export interface TokenClaims extends JWTPayload {
  /** Space-separated OAuth scopes. */
  scope?: string;
  expiresIn?: string | number;
  notBefore?: string | number;
}

/** Signs a JWT with `key` (its kid in the header): `sub`, `iss`, `aud`, `scope` as given, an hour's life by default. */
export async function mintToken(
  key: Pick<SigningKey, "kid" | "alg" | "privateKey">,
  claims: TokenClaims = {},
): Promise<string> {
  const { expiresIn = "1h", notBefore, ...payload } = claims;
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).setIssuedAt();
  jwt.setExpirationTime(expiresIn);
  if (notBefore !== undefined) jwt.setNotBefore(notBefore);
  return jwt.sign(key.privateKey);
}
