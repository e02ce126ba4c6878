import type { PGlite } from "@electric-sql/pglite";
import { configFromFlags } from "../../internal/conf/flags.js";
import { newLogger, redactPaths } from "../../pkg/log/logger.js";
import type { WireOptions } from "./wire.js";

/**
 * Runs the service from its command line: flags, config, logger, wiring, then
 * the App until it stops, and exits with the App's code once the log is
 * flushed. `options` are what a test's own entry point adds to the wiring.
 */
export async function serve(options: WireOptions = {}): Promise<void> {
  const config = await configFromFlags();
  const { url, dataDir } = config.data.database;
  // Opening PGlite takes most of a start on it; begun here, it overlaps with
  // loading the rest of the service (wire.js and all it imports).
  const embeddedDatabase = url === "" ? openEmbedded(dataDir) : undefined;
  const { wireApp } = await import("./wire.js");
  const logger = newLogger({
    name: config.service.name,
    version: config.service.version,
    level: config.log.level,
    format: config.log.format,
    redact: redactPaths(config.log.redact),
  });
  const { app, http, grpc, admin } = wireApp(config, logger, { embeddedDatabase, ...options });
  app.onStateChange((state) => {
    if (state === "SERVING") logger.info({ http: http.address, grpc: grpc.address, admin: admin.address }, "serving");
  });
  const code = await app.run();
  logger.flush(() => process.exit(code));
}

/** Begins opening PGlite in `dataDir`; a failure is reported when the Database starts, not as an unhandled rejection. */
function openEmbedded(dataDir: string): Promise<PGlite> {
  const opening = import("../../internal/data/pglite-dialect.js").then(({ openPglite }) => openPglite(dataDir));
  opening.catch(() => undefined);
  return opening;
}
