import { ASYMMETRIC_ALGORITHMS } from "../../pkg/auth/algorithms.js";
import { duration, flag, integer, listenAddress, originList } from "../../pkg/config/index.js";
import { z } from "zod";
import { checkTlsFiles } from "./tls.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The shortest admin debug token: long enough that it cannot be guessed over the network. */
export const MIN_DEBUG_TOKEN = 16;

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
      docs: flag(),
      corsOrigins: originList(),
      tls: z
        .strictObject({ cert: z.string(), key: z.string() })
        .superRefine((tls, ctx) =>
          checkTlsFiles(
            tls,
            { cert: { key: "cert", env: "HTTP_TLS_CERT" }, key: { key: "key", env: "HTTP_TLS_KEY" } },
            ctx,
          ),
        ),
    }),
    grpc: z.strictObject({
      addr: listenAddress(),
      timeout: duration(),
      reflection: flag(),
      tls: z.strictObject({ cert: z.string(), key: z.string(), clientCa: z.string() }).superRefine((tls, ctx) =>
        checkTlsFiles(
          { cert: tls.cert, key: tls.key, ca: tls.clientCa },
          {
            cert: { key: "cert", env: "GRPC_TLS_CERT" },
            key: { key: "key", env: "GRPC_TLS_KEY" },
            ca: { key: "clientCa", env: "GRPC_TLS_CLIENT_CA" },
          },
          ctx,
        ),
      ),
    }),
    admin: z
      .strictObject({
        addr: listenAddress(),
        profiling: flag(),
        debugToken: z.string(),
      })
      .refine((admin) => !admin.profiling || admin.debugToken.length >= MIN_DEBUG_TOKEN, {
        path: ["debugToken"],
        error: `profiling is on: set a debugToken (ADMIN_DEBUG_TOKEN) of at least ${MIN_DEBUG_TOKEN} characters`,
      }),
    tlsReloadInterval: duration().pipe(z.number().positive()),
    drainDelay: duration(),
    stopTimeout: duration(),
  }),
  auth: z
    .strictObject({
      jwksUrl: z.union([
        z.literal(""),
        z.url({ protocol: /^https?$/, error: "expected an http(s):// URL of a JWKS or empty" }),
      ]),
      keyFile: z.string(),
      issuer: z.string(),
      audience: z.string(),
      algorithms: z
        .array(
          z.enum(ASYMMETRIC_ALGORITHMS as [string, ...string[]], {
            error: `expected asymmetric JWS algorithms only: ${ASYMMETRIC_ALGORITHMS.join(", ")}`,
          }),
        )
        .min(1),
      clockTolerance: duration(),
    })
    .refine((auth) => auth.jwksUrl === "" || auth.keyFile === "", {
      message: "set one key source: jwksUrl or keyFile, not both",
      path: ["keyFile"],
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
    cache: z.strictObject({
      redisUrl: z.union([z.literal(""), z.url({ protocol: /^rediss?$/, error: "expected a redis:// URL or empty" })]),
      keyPrefix: z.string(),
      ttl: duration(),
    }),
    events: z.strictObject({
      natsUrl: z.union([z.literal(""), z.url({ protocol: /^nats$/, error: "expected a nats:// URL or empty" })]),
      stream: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only"),
      maxAttempts: integer().pipe(z.number().min(1)),
      retryBackoff: duration(),
      relayInterval: duration(),
    }),
  }),
  log: z.strictObject({
    level: z.enum(LOG_LEVELS),
    format: z.enum(["auto", "json", "pretty"]),
    redact: z.array(z.string().min(1)),
  }),
  metrics: z.strictObject({
    prefix: z.string().regex(/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/, "expected a Prometheus metric name prefix, e.g. shop_"),
    labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a Prometheus label name"), z.string()),
  }),
  tracing: z.strictObject({
    otlpEndpoint: z.union([
      z.literal(""),
      z.url({ protocol: /^https?$/, error: "expected an http(s):// URL or empty" }),
    ]),
    sampleRatio: z.coerce.number<unknown>().min(0).max(1),
  }),
});

/** The validated configuration. */
export type Config = z.output<typeof ConfigSchema>;

/** The injection token of the Config. */
export const ConfigToken = Symbol("Config");
