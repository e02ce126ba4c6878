import type { Logger } from "pino";
import type { CallContext } from "../transport/context.js";
import { activeCall } from "./active-call.js";

/** What the logging middleware records about the call in progress. */
export interface LogScope {
  /** The logger lines of this call go to. */
  readonly logger: Logger;
  /** Fields every line of the call carries: `kind` and `operation`. */
  readonly fields: Readonly<Record<string, string>>;
  /** The child logger, made on first use. */
  child?: Logger;
}

// The scope rides on the call's context under a symbol (a WeakMap entry per
// call would cost the garbage collector more). The async context only
// correlates logs (DESIGN.md): the call's data itself travels in ctx.
const LOG_SCOPE = Symbol("strata.log.scope");
type Scoped = CallContext & { [LOG_SCOPE]?: LogScope };
let fallback: Logger | undefined;

/**
 * Makes `scope` the log scope of `call`: inside the call (see `runInCall`),
 * `requestLogger()` returns a child of its logger with its fields.
 */
export function setLogScope(call: CallContext, scope: LogScope): void {
  (call as Scoped)[LOG_SCOPE] = scope;
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
  const call = activeCall() as Scoped | undefined;
  const scope = call?.[LOG_SCOPE];
  if (scope !== undefined) {
    scope.child ??= scope.logger.child(scope.fields);
    return scope.child;
  }
  if (fallback === undefined) throw new Error("requestLogger: called outside a call, and no default logger is set");
  return fallback;
}
