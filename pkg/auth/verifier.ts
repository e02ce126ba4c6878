import { errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { StrataError } from "../errors/error.js";
import { tokenExpired, tokenInvalid } from "../errors/kit.js";
import { ASYMMETRIC_ALGORITHMS, DEFAULT_ALGORITHMS } from "./algorithms.js";
import { identityFromClaims, type Identity } from "./identity.js";

/** Checks a bearer token and returns who it names; rejects with 401 TOKEN_EXPIRED or TOKEN_INVALID. */
export type TokenVerifier = (token: string) => Promise<Identity>;

/** What a verifier checks; defaults in `defaultTokenVerifierOptions`. */
export interface TokenVerifierOptions {
  /** The issuer's public keys: `remoteKeys(jwksUrl)` or `fileKeys(path)`. */
  keys: JWTVerifyGetKey;
  /** The accepted `alg` values; asymmetric ones only. */
  algorithms: readonly string[];
  /** The `iss` a token must carry; any when undefined. */
  issuer: string | undefined;
  /** The `aud` a token must name; any when undefined. */
  audience: string | undefined;
  /** How far `exp` and `nbf` may be off, for clocks that differ a little, in ms. */
  clockTolerance: number;
  /** Longer tokens are refused before anything is decoded. */
  maxTokenLength: number;
}

/** The defaults of the optional TokenVerifierOptions fields. */
export const defaultTokenVerifierOptions = {
  algorithms: DEFAULT_ALGORITHMS,
  issuer: undefined,
  audience: undefined,
  clockTolerance: 5_000,
  maxTokenLength: 4096,
} as const satisfies Omit<TokenVerifierOptions, "keys">;

/**
 * A verifier of JWT bearer tokens with jose: the signature by one of `keys`
 * with one of `algorithms`, `exp` and `nbf` (with `clockTolerance`), and
 * `iss`/`aud` when configured. Every failure is a 401 with a reason saying
 * what is wrong, never why another token would pass.
 */
export function tokenVerifier(
  options: Pick<TokenVerifierOptions, "keys"> & Partial<TokenVerifierOptions>,
): TokenVerifier {
  const { keys, algorithms, issuer, audience, clockTolerance, maxTokenLength } = {
    ...defaultTokenVerifierOptions,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  } as TokenVerifierOptions;
  const refused = algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.includes(alg));
  if (refused.length > 0 || algorithms.length === 0) {
    throw new Error(`tokenVerifier: algorithms must be asymmetric JWS ones (${ASYMMETRIC_ALGORITHMS.join(", ")})`);
  }
  const verifyOptions = {
    algorithms: [...algorithms],
    clockTolerance: Math.round(clockTolerance / 1000),
    ...(issuer !== undefined && { issuer }),
    ...(audience !== undefined && { audience }),
  };
  return async (token) => {
    if (token.length > maxTokenLength) throw tokenInvalid(`the token is longer than ${maxTokenLength} characters`);
    try {
      const { payload } = await jwtVerify(token, keys, verifyOptions);
      return identityFromClaims(payload);
    } catch (err) {
      throw rejection(err);
    }
  };
}

/** The 401 a failed verification answers with. */
function rejection(err: unknown): StrataError {
  if (err instanceof errors.JWTExpired) return tokenExpired();
  if (err instanceof errors.JWTClaimValidationFailed) {
    return tokenInvalid(`the token's ${err.claim} claim is not accepted: ${err.reason}`, { claim: err.claim });
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return tokenInvalid("the token's signing algorithm is not accepted");
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return tokenInvalid("no signing key of the issuer matches the token's kid and alg");
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return tokenInvalid("the token's signature does not verify");
  return tokenInvalid("the token is malformed", {}, { cause: err });
}
