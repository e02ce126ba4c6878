import type { DependencyContainer } from "tsyringe";
import { addGrpcHealth, grpcHealthService, type Health } from "../../pkg/health/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import { addReflection, GrpcServer, tlsServerCredentials } from "../../pkg/transport/grpc/index.js";
import type { Api } from "../apis/index.js";
import type { Config } from "../conf/conf.js";
import { tlsFiles } from "./tls-files.js";
import { logTransportError } from "./transport-errors.js";

/**
 * Builds the gRPC server and registers every API's services on it, plus
 * grpc.health.v1.Health (following `health`) and, unless configured off,
 * server reflection. With certificate files configured it serves TLS (mTLS
 * with a client CA), following the files as they are renewed.
 */
export function newGrpcServer(
  config: Config,
  logger: Logger,
  middleware: Middleware,
  health: Health,
  apis: readonly Api[],
  container: DependencyContainer,
): GrpcServer {
  const { cert, key, clientCa } = config.server.grpc.tls;
  const files = tlsFiles("grpc", { cert, key, ca: clientCa }, config.server.tlsReloadInterval, logger);
  const server = new GrpcServer({
    addr: config.server.grpc.addr,
    ...(files !== undefined && { credentials: tlsServerCredentials(files) }),
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
