import { createRequire } from "node:module";
import { pino, type Logger, type LevelWithSilent } from "pino";
import { BatchedStream } from "./batched-stream.js";
import { isoTimestamp } from "./timestamp.js";
import { traceFields } from "./trace-fields.js";

/** A structured logger: pino's, so any pino API works on it. */
export type { Logger } from "pino";

/** How lines are written: JSON, human-readable, or pretty only when standard output is a terminal. */
export type LogFormat = "json" | "pretty" | "auto";

/** What a service logger is made from; every optional field has a default in `defaultLoggerOptions`. */
export interface LoggerOptions {
  /** The service name, logged as `service.name` on every line. */
  name: string;
  /** The service version, logged as `service.version`. */
  version: string;
  /** The lowest level written. */
  level: LevelWithSilent;
  /**
   * Paths (pino redact syntax) whose values are replaced with `[REDACTED]` in
   * every line, e.g. `password`, `*.token`, `headers.authorization`.
   */
  redact?: readonly string[];
  /**
   * `auto` is pretty (pino-pretty, a dev dependency) when standard output is a
   * terminal and pino-pretty is installed, JSON otherwise; production images,
   * without dev dependencies, always write JSON.
   */
  format?: LogFormat;
  /** Where lines go; standard output by default. Given, lines are always JSON. */
  destination?: pino.DestinationStream;
}

/** The fields redacted by default, at the top level and one object deep. */
export const DEFAULT_REDACT_FIELDS: readonly string[] = ["authorization", "cookie", "password", "token"];

/**
 * Paths redacted whatever `redact` says: the bound values of a failed SQL
 * statement, which PGlite's errors carry as `params` (PostgreSQL's carry none).
 * (A cause is logged as its message and stack only.)
 */
export const SQL_VALUE_PATHS: readonly string[] = ["err.params"];

/** The defaults of LoggerOptions' optional fields. */
export const defaultLoggerOptions = {
  redact: redactPaths(DEFAULT_REDACT_FIELDS),
  format: "auto",
} as const satisfies Partial<LoggerOptions>;

/**
 * pino redact paths that hide each field at the top level and one object deep
 * (`password`, `user.password`, `headers.authorization`). Deeper paths must be
 * listed as such: every wildcard level costs time on every line.
 */
export function redactPaths(fields: readonly string[]): string[] {
  return fields.flatMap((field) => [field, `*.${field}`]);
}

/**
 * A JSON-lines logger: every line has `time`, `level`, `msg`, `service.name`,
 * `service.version` and, inside a traced call, `trace_id` and `span_id`;
 * redacted paths never reach the output.
 */
export function newLogger(options: LoggerOptions): Logger {
  const redact = options.redact ?? defaultLoggerOptions.redact;
  return pino(
    {
      level: options.level,
      base: { "service.name": options.name, "service.version": options.version },
      timestamp: isoTimestamp,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
      redact: { paths: [...redact, ...SQL_VALUE_PATHS], censor: "[REDACTED]" },
    },
    options.destination ?? destination(options.format ?? defaultLoggerOptions.format),
  );
}

function destination(format: LogFormat): pino.DestinationStream {
  const wantsPretty = format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
  if (wantsPretty) {
    const pretty = loadPrettyStream();
    if (pretty !== undefined) return pretty;
  }
  return new BatchedStream();
}

// pino-pretty is a dev dependency: absent from production images, so loaded only when asked for and present.
function loadPrettyStream(): pino.DestinationStream | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require("pino-pretty") as (options: object) => pino.DestinationStream;
    return pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "service.name,service.version" });
  } catch {
    return undefined;
  }
}

/** The injection token of the service's root Logger. */
export const LoggerToken = Symbol("Logger");
