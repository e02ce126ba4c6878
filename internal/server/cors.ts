import type { HttpServer } from "../../pkg/transport/http/index.js";

/** How long a browser may cache a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/**
 * Lets browser apps on `origins` call the REST API (@fastify/cors): the
 * preflight answered (the headers it asks for allowed: authorization,
 * content-type, x-md-* metadata), `access-control-allow-origin` on replies to
 * those origins only (`*` allows any; bearer tokens travel in `authorization`,
 * not cookies, so no credentials mode). Loaded only when origins are configured.
 */
export function serveCors(server: HttpServer, origins: readonly string[]): void {
  void server.fastify.register(import("@fastify/cors"), {
    origin: origins.includes("*") ? "*" : [...origins],
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    maxAge: PREFLIGHT_MAX_AGE,
  });
}
