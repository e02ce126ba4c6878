import { context, createContextKey, type Context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import type { CallContext } from "../transport/context.js";

// The call being served rides in the OpenTelemetry context, next to the
// active span, so that one async-context switch per call carries both.
const ACTIVE_CALL = createContextKey("strata.call");

let contextManagerRegistered = false;

/**
 * Registers the context manager that carries OpenTelemetry contexts through
 * awaits (AsyncLocalStorage), once per process; without it, `context.with`
 * carries nothing.
 */
export function ensureContextManager(): void {
  if (contextManagerRegistered) return;
  contextManagerRegistered = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/** `parent` with `call` as the call being served. */
export function contextWithCall(parent: Context, call: CallContext): Context {
  return parent.setValue(ACTIVE_CALL, call);
}

/** The call being served in the current async context, if any. */
export function activeCall(): CallContext | undefined {
  return context.active().getValue(ACTIVE_CALL) as CallContext | undefined;
}

/**
 * Runs `fn` with `call` as the call being served, unless it already is
 * (a middleware further out, like tracing, entered it): then no
 * async-context switch is made.
 */
export function runInCall<T>(call: CallContext, fn: () => T): T {
  if (activeCall() === call) return fn();
  ensureContextManager();
  return context.with(contextWithCall(context.active(), call), fn);
}
