import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "pino";

/** What the logging middleware records about the call in progress. */
export interface LogScope {
  /** The logger lines of this call go to. */
  readonly logger: Logger;
  /** Fields every line of the call carries: `kind` and `operation`. */
  readonly fields: Readonly<Record<string, string>>;
  /** The child logger, made on first use. */
  child?: Logger;
}

// AsyncLocalStorage only correlates logs (DESIGN.md): the call's data itself travels in ctx.
const storage = new AsyncLocalStorage<LogScope>();
let fallback: Logger | undefined;

/** Runs `fn` with `scope` as the current call's log scope (the logging middleware does this). */
export function runInLogScope<T>(scope: LogScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/**
 * Sets the logger `requestLogger()` returns outside any call (start-up, jobs):
 * the composition root sets it to the service's root logger.
 */
export function setDefaultLogger(logger: Logger): void {
  fallback = logger;
}

/**
 * The logger of the call being served, reachable from service, biz and data
 * code without passing it along: its lines carry `kind`, `operation`,
 * `trace_id` and `span_id`. Outside a call, the default logger (see
 * `setDefaultLogger`); throws if there is none.
 */
export function requestLogger(): Logger {
  const scope = storage.getStore();
  if (scope !== undefined) {
    scope.child ??= scope.logger.child(scope.fields);
    return scope.child;
  }
  if (fallback === undefined) throw new Error("requestLogger: called outside a call, and no default logger is set");
  return fallback;
}
