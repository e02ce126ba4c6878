import { fileKeys, remoteKeys, tokenVerifier } from "../../pkg/auth/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import { auth, type Middleware } from "../../pkg/middleware/index.js";
import type { Config } from "../conf/conf.js";

/**
 * The auth middleware of the config's key source (a JWKS URL or a key file),
 * or none when neither is set: then every method is open, which the log says
 * once at warn level.
 */
export function authMiddleware(config: Config, logger: Logger): Middleware | undefined {
  const { jwksUrl, keyFile, issuer, audience, algorithms, clockTolerance } = config.auth;
  if (jwksUrl === "" && keyFile === "") {
    logger.warn("auth is off: no auth.jwksUrl (AUTH_JWKS_URL) or auth.keyFile is set, so anyone may call every method");
    return undefined;
  }
  const keys =
    jwksUrl !== ""
      ? remoteKeys(new URL(jwksUrl), {
          onUnavailable: (err) =>
            logger.warn({ err, jwksUrl }, "auth: the JWKS cannot be fetched; using the keys fetched before"),
        })
      : fileKeys(keyFile);
  const verify = tokenVerifier({
    keys,
    algorithms,
    issuer: issuer === "" ? undefined : issuer,
    audience: audience === "" ? undefined : audience,
    clockTolerance,
  });
  return auth({ verify });
}
