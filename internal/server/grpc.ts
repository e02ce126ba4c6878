import type { DependencyContainer } from "tsyringe";
import { addGrpcHealth, grpcHealthService, type Health } from "../../pkg/health/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import { addReflection, GrpcServer } from "../../pkg/transport/grpc/index.js";
import type { Api } from "../apis/index.js";
import type { Config } from "../conf/conf.js";
import { logTransportError } from "./transport-errors.js";

/**
 * Builds the gRPC server and registers every API's services on it, plus
 * grpc.health.v1.Health (following `health`) and, unless configured off,
 * server reflection.
 */
export function newGrpcServer(
  config: Config,
  logger: Logger,
  middleware: Middleware,
  health: Health,
  apis: readonly Api[],
  container: DependencyContainer,
): GrpcServer {
  const server = new GrpcServer({
    addr: config.server.grpc.addr,
    timeout: config.server.grpc.timeout,
    middleware,
    onError: logTransportError(logger),
  });
  for (const api of apis) api.serveGrpc(server, container);
  const services = apis.flatMap((api) => api.services);
  addGrpcHealth(
    server.server,
    health,
    services.map((service) => service.typeName),
    { stopping: server.stopping },
  );
  if (config.server.grpc.reflection) addReflection(server.server, [...services, grpcHealthService]);
  return server;
}
