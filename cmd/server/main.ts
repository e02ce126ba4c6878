// The service's entry point: flags, config, logger, wiring, run.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigSchema } from "../../internal/conf/conf.js";
import { ConfigError, loadConfig } from "../../pkg/config/index.js";
import { newLogger, redactPaths } from "../../pkg/log/logger.js";
import { wireApp } from "./wire.js";

const { values: flags } = parseArgs({
  options: { conf: { type: "string", short: "c", default: "configs/config.yaml" } },
});

let config;
try {
  config = await loadConfig(flags.conf, ConfigSchema);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}

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
