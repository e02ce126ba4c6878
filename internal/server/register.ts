import { instanceCachingFactory, type DependencyContainer } from "tsyringe";
import { LoggerToken, type Logger } from "../../pkg/log/logger.js";
import { Metrics } from "../../pkg/metrics/index.js";
import { Tracing } from "../../pkg/tracing/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import { AdminServer } from "../../pkg/admin/server.js";
import { Health } from "../../pkg/health/index.js";
import { GrpcServer } from "../../pkg/transport/grpc/index.js";
import { HttpServer } from "../../pkg/transport/http/index.js";
import { ConfigToken, type Config } from "../conf/conf.js";
import type { Api } from "../apis/index.js";
import { newAdminServer } from "./admin.js";
import { newGrpcServer } from "./grpc.js";
import { newHttpServer } from "./http.js";
import { ClientMiddlewareToken, ServerMiddlewareToken, clientMiddleware, serverMiddleware } from "./middleware.js";

/** What a composition root may add to the server layer. */
export interface ServerLayerOptions {
  /** Middleware the servers run after the kit's own chain, next to the handler. */
  middleware?: readonly Middleware[];
}

/**
 * Registers the server layer's providers: the middleware chains (servers' and
 * clients') and the HTTP, gRPC and admin servers, which serve `apis`.
 * Metrics and Tracing come from the composition root.
 */
export function register(container: DependencyContainer, apis: readonly Api[], options: ServerLayerOptions = {}): void {
  container.register(ClientMiddlewareToken, {
    useFactory: instanceCachingFactory((c) => clientMiddleware(c.resolve(Metrics), c.resolve(Tracing))),
  });
  container.register(ServerMiddlewareToken, {
    useFactory: instanceCachingFactory((c) =>
      serverMiddleware(
        c.resolve<Config>(ConfigToken),
        c.resolve<Logger>(LoggerToken),
        c.resolve(Metrics),
        c.resolve(Tracing),
        options.middleware,
      ),
    ),
  });
  container.register(HttpServer, {
    useFactory: instanceCachingFactory((c) =>
      newHttpServer(
        c.resolve<Config>(ConfigToken),
        c.resolve<Logger>(LoggerToken),
        c.resolve<Middleware>(ServerMiddlewareToken),
        apis,
        c,
      ),
    ),
  });
  container.register(GrpcServer, {
    useFactory: instanceCachingFactory((c) =>
      newGrpcServer(
        c.resolve<Config>(ConfigToken),
        c.resolve<Logger>(LoggerToken),
        c.resolve<Middleware>(ServerMiddlewareToken),
        c.resolve(Health),
        apis,
        c,
      ),
    ),
  });
  container.register(AdminServer, {
    useFactory: instanceCachingFactory((c) =>
      newAdminServer(c.resolve<Config>(ConfigToken), c.resolve(Health), c.resolve(Metrics)),
    ),
  });
}
