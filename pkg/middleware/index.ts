export * from "./middleware.js";
<<<<<<< HEAD
=======
export * from "./auth.js";
export * from "./logged.js";
>>>>>>> d419e12 (JWT auth for both transports (jose): bearer token from authorization, keys from a JWKS URL (cached, refetched on an unknown kid, cached keys kept when it is down) or a key file; per-method rules declared in the proto (strata.auth.v1.rule: scopes or public), 401 TOKEN_MISSING/EXPIRED/INVALID and 403 SCOPE_MISSING; identityOf(ctx) and user in the access line; off (one warning) without a key source)
export * from "./logging.js";
export * from "./metadata.js";
export * from "./metrics.js";
export * from "./outcome.js";
export * from "./recovery.js";
export * from "./selector.js";
export * from "./tracing.js";
export * from "./validate.js";
