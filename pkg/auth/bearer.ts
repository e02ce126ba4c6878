import { tokenMissing } from "../errors/kit.js";

const BEARER = /^bearer +(\S+) *$/i;

/** The token of an `authorization: Bearer <token>` header value, or undefined for any other value. */
export function bearerOf(authorization: string | null | undefined): string | undefined {
  return BEARER.exec(authorization ?? "")?.[1];
}

/**
 * The bearer token of a call: `authorization: Bearer <token>`, an HTTP header
 * or gRPC metadata, never a query parameter (URLs end up in logs and
 * browser history). Throws 401 TOKEN_MISSING when there is none.
 */
export function bearerToken(headers: Headers): string {
  const authorization = headers.get("authorization");
  if (authorization === null || authorization === "") throw tokenMissing();
  const token = bearerOf(authorization);
  if (token === undefined) throw tokenMissing("the authorization header must be: Bearer <token>");
  return token;
}
