import { pino, type Logger, type LevelWithSilent } from "pino";

/** A structured logger: pino's, so any pino API works on it. */
export type { Logger } from "pino";

/** What a service logger is made from. */
export interface LoggerOptions {
  /** The service name, logged as `service.name` on every line. */
  name: string;
  /** The service version, logged as `service.version`. */
  version: string;
  /** The lowest level written. */
  level: LevelWithSilent;
  /** Where lines go; standard output by default. */
  destination?: pino.DestinationStream;
}

/** A JSON-lines logger whose every line names the service and its version. */
export function newLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { "service.name": options.name, "service.version": options.version },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

/** The injection token of the service's root Logger. */
export const LoggerToken = Symbol("Logger");
