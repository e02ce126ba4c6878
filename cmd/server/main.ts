// The service's entry point: flags, config, logger, wiring, run.
import "reflect-metadata";
import { configFromFlags } from "../../internal/conf/flags.js";
import { newLogger, redactPaths } from "../../pkg/log/logger.js";
import { wireApp } from "./wire.js";

const config = await configFromFlags();

const logger = newLogger({
  name: config.service.name,
  version: config.service.version,
  level: config.log.level,
  format: config.log.format,
  redact: redactPaths(config.log.redact),
});
const { app, http, grpc, admin } = wireApp(config, logger);
app.onStateChange((state) => {
  if (state === "SERVING") logger.info({ http: http.address, grpc: grpc.address, admin: admin.address }, "serving");
});
const code = await app.run();
logger.flush(() => process.exit(code));
