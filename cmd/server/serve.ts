import { configFromFlags } from "../../internal/conf/flags.js";
import { newLogger, redactPaths } from "../../pkg/log/logger.js";
import { wireApp, type WireOptions } from "./wire.js";

/**
 * Runs the service from its command line: flags, config, logger, wiring, then
 * the App until it stops, and exits with the App's code once the log is
 * flushed. `options` are what a test's own entry point adds to the wiring.
 */
export async function serve(options: WireOptions = {}): Promise<void> {
  const config = await configFromFlags();
  const logger = newLogger({
    name: config.service.name,
    version: config.service.version,
    level: config.log.level,
    format: config.log.format,
    redact: redactPaths(config.log.redact),
  });
  const { app, http, grpc, admin } = wireApp(config, logger, options);
  app.onStateChange((state) => {
    if (state === "SERVING") logger.info({ http: http.address, grpc: grpc.address, admin: admin.address }, "serving");
  });
  const code = await app.run();
  logger.flush(() => process.exit(code));
}
