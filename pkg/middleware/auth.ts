import type { DescMethod } from "@bufbuild/protobuf";
import { bearerToken } from "../auth/bearer.js";
import { setIdentity } from "../auth/identity.js";
import { accessRuleOf, type AccessRule } from "../auth/rule.js";
import type { TokenVerifier } from "../auth/verifier.js";
import { isStrataError } from "../errors/error.js";
import { KitReason, scopeMissing } from "../errors/kit.js";
import type { Middleware } from "./middleware.js";

const INVALID_TOKEN = 'Bearer error="invalid_token"';

/** Options of {@link auth}. */
export interface AuthOptions {
  /** Checks a bearer token: `tokenVerifier({ keys: remoteKeys(jwksUrl), ... })`. */
  verify: TokenVerifier;
  /** The access rule of a method; by default the one its proto declares (`option (strata.auth.v1.rule)`). */
  ruleOf?: (method: DescMethod) => AccessRule;
}

/**
 * Authenticates and authorizes every call by its bearer token (the
 * `authorization` header, or gRPC metadata) and the access rule its method
 * declares in the proto: public methods pass as they are; any other needs a
 * valid token (401 TOKEN_MISSING, TOKEN_EXPIRED or TOKEN_INVALID otherwise)
 * granting every scope of the rule (403 SCOPE_MISSING naming the first one
 * lacking). The verified caller is then on the context: `identityOf(ctx)`.
 * The rule is read once per operation.
 */
export function auth(options: AuthOptions): Middleware {
  const { verify, ruleOf = accessRuleOf } = options;
  const rules = new WeakMap<DescMethod, AccessRule>();
  const ruleFor = (method: DescMethod): AccessRule => {
    let rule = rules.get(method);
    if (rule === undefined) {
      rule = ruleOf(method);
      rules.set(method, rule);
    }
    return rule;
  };
  return (next) => async (req, ctx) => {
    const rule = ruleFor(ctx.method);
    if (rule.public) return next(req, ctx);
    try {
      const identity = await verify(bearerToken(ctx.requestHeader));
      setIdentity(ctx, identity);
      const lacking = rule.scopes.find((scope) => !identity.scopes.has(scope));
      if (lacking !== undefined) throw scopeMissing(lacking);
    } catch (err) {
      // RFC 6750: a REST client is told which scheme to authenticate with.
      if (ctx.kind === "http" && isStrataError(err) && err.code === 401) {
        ctx.responseHeader.set("www-authenticate", err.reason === KitReason.TOKEN_MISSING ? "Bearer" : INVALID_TOKEN);
      }
      throw err;
    }
    return next(req, ctx);
  };
}
