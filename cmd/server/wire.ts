import type { PGlite } from "@electric-sql/pglite";
import { container as rootContainer } from "tsyringe";
import { APIS, type Api } from "../../internal/apis/index.js";
import { ConfigToken, type Config } from "../../internal/conf/conf.js";
import { Database } from "../../internal/data/database.js";
import { newDataRuntime, type DataRuntime } from "../../internal/data/data.js";
import { migrationProvider } from "../../internal/data/migrations/index.js";
import { register as registerData } from "../../internal/data/register.js";
import { register as registerServer } from "../../internal/server/register.js";
import { AdminServer } from "../../pkg/admin/server.js";
import { App, type Component } from "../../pkg/app/index.js";
import { Health } from "../../pkg/health/index.js";
import { LoggerToken, type Logger } from "../../pkg/log/logger.js";
import { setDefaultLogger } from "../../pkg/log/scope.js";
import { Metrics } from "../../pkg/metrics/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import { Tracing, type TracingOptions } from "../../pkg/tracing/index.js";
import { GrpcServer } from "../../pkg/transport/grpc/index.js";
import { HttpServer } from "../../pkg/transport/http/index.js";

/** The wired service: the App to run, its health, and its servers (whose bound addresses tests read). */
export interface Wired {
  readonly app: App;
  readonly health: Health;
  readonly http: HttpServer;
  readonly grpc: GrpcServer;
  readonly admin: AdminServer;
  /** The data runtime: database, cache, broker, relay and consumers (tests reach the database and broker through it). */
  readonly data: DataRuntime;
}

/** What tests may add to the wiring. */
export interface WireOptions {
  /** Span exporters besides OTLP (tests pass an InMemorySpanExporter). */
  spanExporters?: TracingOptions["exporters"];
  /** The APIs to serve instead of the registered ones (the kit's tests serve their fixture). */
  apis?: readonly Api[];
  /** Server middleware after the kit's chain, next to the handler (a test's delay, a fault). */
  middleware?: readonly Middleware[];
  /** Components started after the service's resources and stopped before them (a test's hanging stop). */
  components?: readonly Component[];
  /** On PGlite: the embedded database, already being opened (see openPglite). */
  embeddedDatabase?: Promise<PGlite>;
}

/**
 * The composition root: one container for this app, the shared data providers,
 * then each API's (internal/apis), then the servers serving them, and the App that starts
 * and stops the resources and servers they made. Each resource adds its
 * readiness check to Health, which follows the App's state.
 */
export function wireApp(config: Config, logger: Logger, options: WireOptions = {}): Wired {
  const container = rootContainer.createChildContainer();
  container.registerInstance(ConfigToken, config);
  container.registerInstance(LoggerToken, logger);
  setDefaultLogger(logger);
  const metrics = new Metrics({ prefix: config.metrics.prefix, labels: config.metrics.labels });
  container.registerInstance(Metrics, metrics);
  const tracing = new Tracing({
    serviceName: config.service.name,
    serviceVersion: config.service.version,
    sampleRatio: config.tracing.sampleRatio,
    otlpEndpoint: config.tracing.otlpEndpoint,
    exporters: options.spanExporters ?? [],
  });
  container.registerInstance(Tracing, tracing);
  const health = new Health({
    checkTimeout: config.health.checkTimeout,
    interval: config.health.interval,
    registry: metrics.registry,
    metricsPrefix: config.metrics.prefix,
  });
  container.registerInstance(Health, health);

  const apis = options.apis ?? APIS;
  const migrations = migrationProvider(...apis.map((api) => api.migrations));
  const database = new Database(config.data.database, migrations, tracing.tracer, options.embeddedDatabase);
  const data = newDataRuntime(database, config.data, logger, {
    registry: metrics.registry,
    prefix: config.metrics.prefix,
  });
  for (const check of data.checks) health.addCheck(check);
  registerData(container, data, config.data);
  for (const api of apis) api.register(container, data);
  registerServer(container, apis, { middleware: options.middleware ?? [] });

  const http = container.resolve(HttpServer);
  const grpc = container.resolve(GrpcServer);
  const admin = container.resolve(AdminServer);
  const { stopTimeout, drainDelay } = config.server;
  // The servers stop after the drain delay, within the stop timeout that began before it.
  const grpcForceAfter = Math.max(stopTimeout - drainDelay - 500, 0);
  // Tracing first: it stops last, flushing the spans of everything before it.
  const resources: Component[] = [tracing, ...data.resources, ...(options.components ?? [])];
  const app = new App({
    logger,
    resources,
    workers: [...data.workers],
    servers: [
      { name: "http server", start: () => http.start(), stop: () => http.stop() },
      // grpc-js cancels calls still running just before the App's own stop timeout.
      { name: "grpc server", start: () => grpc.start(), stop: () => grpc.stop(grpcForceAfter) },
      admin,
    ],
    drainDelay,
    stopTimeout,
  });
  app.onStateChange((state) => health.setAppState(state));
  return { app, health, http, grpc, admin, data };
}
