import { container as rootContainer } from "tsyringe";
import { register as registerBiz } from "../../internal/biz/register.js";
import { ConfigToken, type Config } from "../../internal/conf/conf.js";
import { Database } from "../../internal/data/database.js";
import { register as registerData } from "../../internal/data/register.js";
import { register as registerServer } from "../../internal/server/register.js";
import { register as registerService } from "../../internal/service/register.js";
import { App } from "../../pkg/app/index.js";
import { LoggerToken, type Logger } from "../../pkg/log/logger.js";
import { GrpcServer } from "../../pkg/transport/grpc/index.js";
import { HttpServer } from "../../pkg/transport/http/index.js";

/** The wired service: the App to run, and its servers (whose bound addresses tests read). */
export interface Wired {
  readonly app: App;
  readonly http: HttpServer;
  readonly grpc: GrpcServer;
}

/**
 * The composition root: one container for this app, each layer's providers
 * registered in order (data → biz → service → server), and the App that starts
 * and stops the resources and servers they made.
 */
export function wireApp(config: Config, logger: Logger): Wired {
  const container = rootContainer.createChildContainer();
  container.registerInstance(ConfigToken, config);
  container.registerInstance(LoggerToken, logger);

  const database = new Database(config.data.database);
  registerData(container, database);
  registerBiz(container);
  registerService(container);
  registerServer(container);

  const http = container.resolve(HttpServer);
  const grpc = container.resolve(GrpcServer);
  const stopTimeout = config.server.stopTimeout;
  const app = new App({
    logger,
    resources: [database],
    servers: [
      { name: "http server", start: () => http.start(), stop: () => http.stop() },
      // grpc-js cancels calls still running just before the App's own stop timeout.
      { name: "grpc server", start: () => grpc.start(), stop: () => grpc.stop(Math.max(stopTimeout - 500, 0)) },
    ],
    drainDelay: config.server.drainDelay,
    stopTimeout,
  });
  return { app, http, grpc };
}
