import { duration, flag, integer, listenAddress } from "../../pkg/config/index.js";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The service's configuration schema: configs/config.yaml must match it, or the service does not start. */
export const ConfigSchema = z.strictObject({
  service: z.strictObject({
    name: z.string().min(1),
    version: z.string().min(1),
  }),
  server: z.strictObject({
    http: z.strictObject({
      addr: listenAddress(),
      timeout: duration(),
      bodyLimit: integer().pipe(z.number().positive()),
    }),
    grpc: z.strictObject({
      addr: listenAddress(),
      timeout: duration(),
    }),
    admin: z.strictObject({
      addr: listenAddress(),
    }),
    drainDelay: duration(),
    stopTimeout: duration(),
  }),
  health: z.strictObject({
    checkTimeout: duration(),
    interval: duration(),
  }),
  data: z.strictObject({
    database: z.strictObject({
      url: z.union([
        z.literal(""),
        z.url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// URL or empty" }),
      ]),
      dataDir: z.string(),
      migrate: flag(),
      poolSize: integer().pipe(z.number().min(1)),
    }),
  }),
  log: z.strictObject({
    level: z.enum(LOG_LEVELS),
  }),
  testing: z.strictObject({
    delayHeader: flag(),
    hangOnStop: flag(),
  }),
});

/** The validated configuration. */
export type Config = z.output<typeof ConfigSchema>;

/** The injection token of the Config. */
export const ConfigToken = Symbol("Config");
