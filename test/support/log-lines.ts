import { newLogger, redactPaths, type Logger } from "../../pkg/log/logger.js";
import { SERVICE_NAME } from "./service-name.js";

/** A logger whose JSON lines are kept in memory, for tests that read the logs. */
export interface LogLines {
  readonly logger: Logger;
  /** Every line written so far, as text. */
  readonly raw: string[];
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A service logger (default redaction, trace fields) writing JSON lines into memory. */
export function logLines(level: "info" | "debug" = "info"): LogLines {
  const raw: string[] = [];
  const logger = newLogger({
    name: SERVICE_NAME,
    version: "test",
    level,
    redact: redactPaths(["authorization", "cookie", "password", "token"]),
    destination: { write: (line: string) => void raw.push(line) },
  });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
