// The JWS algorithms a verifier accepts, apart from the verifier itself: the
// config schema reads them at start, before (and without) loading jose.

/** The asymmetric JWS algorithms accepted unless configured otherwise. */
export const DEFAULT_ALGORITHMS: readonly string[] = ["RS256", "ES256", "EdDSA"];

/** The asymmetric JWS algorithms a verifier may be configured with (never `none`, never HS*). */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
