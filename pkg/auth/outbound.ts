import { activeCall } from "../log/active-call.js";
import type { Middleware } from "../middleware/middleware.js";
import { bearerOf } from "./bearer.js";

/**
 * Where an outbound call's bearer token comes from: a fixed token, one the
 * app obtains and refreshes itself (OAuth client credentials, a mounted
 * service-account token), or `callerToken` to act on the caller's behalf.
 * Undefined sends none.
 */
export type TokenSource = () => string | undefined | Promise<string | undefined>;

/**
 * The bearer token the call being served came with, if any: forwarding it
 * lets the next service check the same caller's scopes. Outside a call (a
 * job, a consumer), undefined.
 */
export const callerToken: TokenSource = () => bearerOf(activeCall()?.requestHeader.get("authorization"));

/**
 * Client middleware (GrpcConn's `middleware`): every outbound call carries
 * `authorization: Bearer <token>` from `source`, unless the call set its own.
 */
export function outboundToken(source: TokenSource): Middleware {
  return (next) => async (req, ctx) => {
    if (!ctx.requestHeader.has("authorization")) {
      const token = await source();
      if (token !== undefined && token !== "") ctx.requestHeader.set("authorization", `Bearer ${token}`);
    }
    return next(req, ctx);
  };
}

/**
 * The headers an HttpConn sends (its `headers` option): `authorization:
 * Bearer <token>` from `source`, asked before each call, or none.
 */
export function outboundTokenHeaders(source: TokenSource): () => Promise<Record<string, string>> {
  return async () => {
    const token = await source();
    const headers: Record<string, string> = {};
    if (token !== undefined && token !== "") headers["authorization"] = `Bearer ${token}`;
    return headers;
  };
}
