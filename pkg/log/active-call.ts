import { context, createContextKey, INVALID_SPAN_CONTEXT, trace, type Context, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import type { CallContext } from "../transport/context.js";

// The call being served rides in the OpenTelemetry context, next to the
// active span, so that one async-context switch per call carries both.
const ACTIVE_CALL = createContextKey("strata.call");

// The API's key of the active span, as trace.setSpan sets it (the API keeps it private).
const SPAN_KEY = ((): symbol => {
  let key: symbol | undefined;
  const probe: Context = {
    getValue: () => undefined,
    setValue: (k) => ((key = k), probe),
    deleteValue: () => probe,
  };
  trace.setSpan(probe, trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  if (key === undefined) throw new Error("active-call: trace.setSpan set no context key");
  return key;
})();

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

/**
 * `parent` with `call` as the call being served and `span` (by default
 * `parent`'s) as the active span: what `parent.setValue` twice would make,
 * without copying `parent`'s values twice per call (see CallScopeContext).
 */
export function contextWithCall(parent: Context, call: CallContext, span?: Span): Context {
  return CallScopeContext.of(parent, span === undefined ? parent.getValue(SPAN_KEY) : span, call);
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

/**
 * A context that holds the active span and the call being served itself and
 * reads every other key from its parent, unchanged: it answers every
 * getValue, setValue and deleteValue as the API's own context (which copies
 * all its values on every set) would, for a fraction of the cost. Setting or
 * deleting the span or the call keeps the parent; any other key is set on
 * (or deleted from) the parent.
 */
class CallScopeContext implements Context {
  readonly #parent: Context;
  readonly #span: unknown;
  readonly #call: unknown;

  private constructor(parent: Context, span: unknown, call: unknown) {
    this.#parent = parent;
    this.#span = span;
    this.#call = call;
  }

  /** `parent` with `span` and `call` set; both shadow the parent's, so a CallScopeContext parent is skipped. */
  static of(parent: Context, span: unknown, call: unknown): CallScopeContext {
    return new CallScopeContext(parent instanceof CallScopeContext ? parent.#parent : parent, span, call);
  }

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.#span;
    if (key === ACTIVE_CALL) return this.#call;
    return this.#parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    if (key === SPAN_KEY) return new CallScopeContext(this.#parent, value, this.#call);
    if (key === ACTIVE_CALL) return new CallScopeContext(this.#parent, this.#span, value);
    return new CallScopeContext(this.#parent.setValue(key, value), this.#span, this.#call);
  }

  deleteValue(key: symbol): Context {
    // A deleted key reads as undefined in the API's context too.
    if (key === SPAN_KEY) return new CallScopeContext(this.#parent, undefined, this.#call);
    if (key === ACTIVE_CALL) return new CallScopeContext(this.#parent, this.#span, undefined);
    return new CallScopeContext(this.#parent.deleteValue(key), this.#span, this.#call);
  }
}
