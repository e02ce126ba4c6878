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
      profiling: flag(),
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
    format: z.enum(["auto", "json", "pretty"]),
    redact: z.array(z.string().min(1)),
  }),
  metrics: z.strictObject({
    prefix: z.string().regex(/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/, "expected a Prometheus metric name prefix, e.g. todo_"),
    labels: z.record(
      z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a Prometheus label name"),
      z.string(),
    ),
  }),
  tracing: z.strictObject({
    otlpEndpoint: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "expected an http(s):// URL or empty" })]),
    sampleRatio: z.coerce.number<unknown>().min(0).max(1),
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
