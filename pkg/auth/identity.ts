import type { JWTPayload } from "jose";
import type { CallContext } from "../transport/context.js";

/** Who made a call, as its verified bearer token says. */
export interface Identity {
  /** The token's `sub` claim ("" when it has none). */
  readonly subject: string;
  /** The OAuth scopes the token grants: its `scope` claim (space-separated) or `scp` array. */
  readonly scopes: ReadonlySet<string>;
  /** Every claim of the verified token, for policies of the service's own. */
  readonly claims: Readonly<JWTPayload>;
}

// On the call's context under a symbol, as the log scope is: contexts derived
// from it (deriveContext) read it through their prototype.
const IDENTITY = Symbol("strata.auth.identity");
type WithIdentity = CallContext & { [IDENTITY]?: Identity };

/** Records the verified caller of `ctx` (the auth middleware does this). */
export function setIdentity(ctx: CallContext, identity: Identity): void {
  (ctx as WithIdentity)[IDENTITY] = identity;
}

/**
 * The verified caller of the call `ctx` serves, for service and biz code to
 * read; undefined when auth is off or the method is public.
 */
export function identityOf(ctx: CallContext): Identity | undefined {
  return (ctx as WithIdentity)[IDENTITY];
}

/** The identity a verified token's claims describe. */
export function identityFromClaims(claims: JWTPayload): Identity {
  return { subject: claims.sub ?? "", scopes: scopesOf(claims), claims };
}

/** The scopes of a token: the OAuth `scope` claim (space-separated) or, as some issuers write them, a `scp` array or string. */
export function scopesOf(claims: JWTPayload): ReadonlySet<string> {
  const scopes = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === "string") {
      for (const scope of value.split(" ")) if (scope !== "") scopes.add(scope);
    } else if (Array.isArray(value)) {
      for (const scope of value) if (typeof scope === "string" && scope !== "") scopes.add(scope);
    }
  };
  add(claims["scope"]);
  add(claims["scp"]);
  return scopes;
}
