import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import type { HttpServer } from "../../pkg/transport/http/index.js";

/**
 * The security headers of every REST reply, as helmet sets them for an API:
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, no referrer,
 * the cross-origin isolation headers, `Strict-Transport-Security` over HTTPS.
 * No Content-Security-Policy: JSON replies run nothing, and the docs page
 * (Swagger UI) runs scripts of its own.
 */
export function securityHeaders(https: boolean): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const collect = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  };
  // helmet decides the headers; they depend on no request, so they are worked out once, here.
  helmet({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
  })({} as IncomingMessage, collect as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * Sets the security headers on every REST reply and, on replies to a request
 * that carries credentials (an `authorization` header), `Cache-Control:
 * no-store`, so no shared or browser cache keeps one caller's data. One
 * synchronous hook setting headers worked out at start.
 */
export function serveSecurityHeaders(server: HttpServer, https: boolean): void {
  const headers = securityHeaders(https);
  server.fastify.addHook("onRequest", (request, reply, done) => {
    reply.headers(headers);
    if (hasAuthorization(request.raw.rawHeaders)) reply.header("cache-control", "no-store");
    done();
  });
}

/** Whether the request sent `authorization`, read from the raw list: `request.headers` would build every header. */
function hasAuthorization(raw: readonly string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name?.length === 13 && name.toLowerCase() === "authorization") return true;
  }
  return false;
}
