import type { DependencyContainer } from "tsyringe";
import type { Middleware } from "../../pkg/middleware/index.js";
import { HttpServer } from "../../pkg/transport/http/index.js";
import type { Api } from "../apis/index.js";
import type { Config } from "../conf/conf.js";

/** Builds the REST server and registers every API's google.api.http routes on it. */
export function newHttpServer(
  config: Config,
  middleware: Middleware,
  apis: readonly Api[],
  container: DependencyContainer,
): HttpServer {
  const server = new HttpServer({
    addr: config.server.http.addr,
    timeout: config.server.http.timeout,
    bodyLimit: config.server.http.bodyLimit,
    middleware,
  });
  for (const api of apis) api.serveHttp(server, container);
  return server;
}
