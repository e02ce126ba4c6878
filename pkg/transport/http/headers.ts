import type { IncomingHttpHeaders } from "node:http";
import type { FastifyReply } from "fastify";

/** The request's headers as a fetch Headers (lower-case names; repeated headers appended). */
export function headersFromIncoming(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, v);
      } catch {
        // A value Headers rejects (Node's parser is laxer) is left out rather than failing the call.
      }
    }
  }
  return headers;
}

/**
 * Sets the handler's reply headers (ctx.responseHeader; undefined when none
 * were set) on the reply; each Set-Cookie stays its own header.
 */
export function applyResponseHeaders(reply: FastifyReply, headers: Headers | undefined): void {
  if (headers === undefined) return;
  for (const [name, value] of headers) {
    if (name !== "set-cookie") reply.header(name, value);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) reply.header("set-cookie", cookies);
}
