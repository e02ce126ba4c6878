import type { DependencyContainer } from "tsyringe";
import type { Logger } from "../../pkg/log/logger.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import { HttpServer } from "../../pkg/transport/http/index.js";
import type { Api } from "../apis/index.js";
import type { Config } from "../conf/conf.js";
import { serveApiDocs } from "./api-docs.js";
import { serveCors } from "./cors.js";
import { serveSecurityHeaders } from "./security-headers.js";
import { tlsFiles } from "./tls-files.js";
import { logTransportError } from "./transport-errors.js";

/**
 * Builds the REST server and registers every API's google.api.http routes on
 * it; HTTPS with certificate files configured, following them as they are renewed.
 */
export function newHttpServer(
  config: Config,
  logger: Logger,
  middleware: Middleware,
  apis: readonly Api[],
  container: DependencyContainer,
): HttpServer {
  const files = tlsFiles("http", config.server.http.tls, config.server.tlsReloadInterval, logger);
  const server = new HttpServer({
    addr: config.server.http.addr,
    tls: files,
    timeout: config.server.http.timeout,
    bodyLimit: config.server.http.bodyLimit,
    middleware,
    onError: logTransportError(logger),
  });
  serveSecurityHeaders(server, files !== undefined);
  if (config.server.http.corsOrigins.length > 0) serveCors(server, config.server.http.corsOrigins);
  for (const api of apis) api.serveHttp(server, container);
  if (config.server.http.docs) serveApiDocs(server, logger);
  return server;
}
