import { fileURLToPath } from "node:url";
import { wireApp } from "../../cmd/server/wire.js";
import { ConfigSchema, type Config } from "../../internal/conf/conf.js";
import type { DataRuntime } from "../../internal/data/data.js";
import type { App } from "../../pkg/app/index.js";
import { loadConfig } from "../../pkg/config/index.js";
import { newLogger, type Logger } from "../../pkg/log/logger.js";
import type { TracingOptions } from "../../pkg/tracing/index.js";
import { testBrokerEnv } from "./broker-env.js";
import { testDatabase } from "./database-url.js";
import { fixtureApi } from "./fixture/index.js";

/** The service's own config file, as the tests load it. */
export const CONFIG_FILE = fileURLToPath(new URL("../../configs/config.yaml", import.meta.url));

/** A whole service running in this process on free loopback ports. */
export interface RunningService {
  readonly app: App;
  readonly config: Config;
  /** e.g. `http://127.0.0.1:41234` (`https://` with HTTP_TLS_CERT set) */
  readonly httpUrl: string;
  /** e.g. `127.0.0.1:41235` */
  readonly grpcAddress: string;
  /** e.g. `http://127.0.0.1:41236` */
  readonly adminUrl: string;
  /** The service's data runtime: its database, cache and broker. */
  readonly data: DataRuntime;
  /** Stops the service and drops its test data. */
  stop(): Promise<void>;
}

/** How {@link startService} reaches its dependencies. */
export interface StartOptions {
  /** Connect to PostgreSQL on this port of the same host instead (a TcpProxy in front of it). */
  databasePort?: number;
  /** PostgreSQL only: connection parameters added to the URL, e.g. `{ application_name: "x" }` to find its sessions. */
  databaseParams?: Record<string, string>;
  /** Log here instead of nowhere (LOG_LEVEL still applies). */
  logger?: Logger;
  /** Span exporters for the service's tracing (an InMemorySpanExporter). */
  spanExporters?: TracingOptions["exporters"];
  /**
   * What it serves: the registered APIs (internal/apis, the default: a test of
   * an API), or the kit's fixture service alone (a test of the kit, which must
   * pass whatever APIs a team keeps).
   */
  apis?: ServedApis;
}

/** Which APIs a test service serves: the registered ones, or the kit's fixture (test/support/fixture). */
export type ServedApis = "registered" | "fixture";

/**
 * Starts the service as `make run` would (configs/config.yaml, the same wiring)
 * but on ephemeral ports, with logs off and a database of its own: PGlite, or a
 * fresh PostgreSQL schema when DATABASE_URL is set; Redis and NATS when
 * REDIS_URL / NATS_URL are set, with a key prefix and stream of its own. `env` overrides config values.
 */
export async function startService(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningService> {
  const database = await testDatabase();
  const brokers = testBrokerEnv();
  let databaseUrl = database.url;
  if (options.databasePort !== undefined && databaseUrl !== "") {
    const url = new URL(databaseUrl);
    url.port = String(options.databasePort);
    databaseUrl = url.toString();
  }
  if (options.databaseParams !== undefined && databaseUrl !== "") {
    const url = new URL(databaseUrl);
    for (const [name, value] of Object.entries(options.databaseParams)) url.searchParams.set(name, value);
    databaseUrl = url.toString();
  }
  const config = await loadConfig(CONFIG_FILE, ConfigSchema, {
    HTTP_ADDR: "127.0.0.1:0",
    GRPC_ADDR: "127.0.0.1:0",
    ADMIN_ADDR: "127.0.0.1:0",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    ...brokers.env,
    ...env,
  });
  const logger =
    options.logger ??
    newLogger({ name: config.service.name, version: config.service.version, level: config.log.level });
  const { app, http, grpc, admin, data } = wireApp(config, logger, {
    spanExporters: options.spanExporters ?? [],
    ...(options.apis === "fixture" && { apis: [fixtureApi] }),
  });
  await app.start();
  return {
    app,
    config,
    httpUrl: `${config.server.http.tls.cert === "" ? "http" : "https"}://${http.address}`,
    grpcAddress: grpc.address,
    adminUrl: `http://${admin.address}`,
    data,
    stop: async () => {
      await app.stop();
      await database.drop();
      await brokers.drop();
    },
  };
}
