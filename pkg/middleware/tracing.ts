import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from "@opentelemetry/api";
import { isStrataError } from "../errors/index.js";
import { contextWithCall } from "../log/active-call.js";
import { answeredEarly } from "../transport/server-call.js";
import { headersGetter, headersSetter } from "../tracing/headers-carrier.js";
import type { Middleware } from "./middleware.js";
import { outcomeOf } from "./outcome.js";
import { perOperation } from "./per-operation.js";

/** Options of {@link tracing} and {@link clientTracing}: `Tracing.tracer` and `Tracing.propagator`. */
export interface TracingMiddlewareOptions {
  tracer: Tracer;
  propagator: TextMapPropagator;
}

/**
 * A server span per call, for both transports, named for the operation
 * (`library.v1.LibraryService/GetBook`): its parent is the caller's W3C
 * `traceparent` (and `tracestate`, `baggage`) read from the request headers or
 * gRPC metadata. The span is active while the handler runs, so SQL spans,
 * outbound calls and log lines inside it join the trace; the call is the
 * active call too, so the logging middleware inside needs no context switch
 * of its own. A call the transport answered before it finished (deadline,
 * client gone) ends its span with that answer.
 */
export function tracing(options: TracingMiddlewareOptions): Middleware {
  const { tracer, propagator } = options;
  return (next) => (req, ctx) => {
    // Extracted into a context that holds the call already: the span the
    // propagator sets on it then costs no copy of the context's values.
    const parent = propagator.extract(contextWithCall(context.active(), ctx), ctx.requestHeader, headersGetter);
    const { name, attributes } = spanInfoOf(ctx);
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    return context
      .with(contextWithCall(parent, ctx, span), () => next(req, ctx))
      .then(
        (res) => {
          const early = answeredEarly(ctx);
          if (early === undefined) return endOk(span, res);
          endWith(span, early);
          return res;
        },
        (err: unknown) => {
          endWith(span, answeredEarly(ctx) ?? err);
          throw err;
        },
      );
  };
}

/**
 * A client span per outbound call made through the kit's clients, child of
 * the span active when the call is made; the call carries it to the server in
 * `traceparent` (with `tracestate` and `baggage`).
 */
export function clientTracing(options: TracingMiddlewareOptions): Middleware {
  const { tracer, propagator } = options;
  return (next) => (req, ctx) => {
    const parent = context.active();
    const { name, attributes } = spanInfoOf(ctx);
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
    const active = trace.setSpan(parent, span);
    propagator.inject(active, ctx.requestHeader, headersSetter);
    return context
      .with(active, () => next(req, ctx))
      .then(
        (res) => endOk(span, res),
        (err: unknown) => {
          endWith(span, err);
          throw err;
        },
      );
  };
}

/** A span's name and starting attributes, the same for every call of a method on a transport. */
interface SpanInfo {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

const spanInfoOf = perOperation<SpanInfo>((ctx) => ({
  name: ctx.operation.startsWith("/") ? ctx.operation.slice(1) : ctx.operation,
  attributes: {
    "rpc.system": ctx.kind === "grpc" ? "grpc" : "http",
    "rpc.service": ctx.method.parent.typeName,
    "rpc.method": ctx.method.name,
  },
}));

function endOk<T>(span: Span, res: T): T {
  span.setAttribute("http.response.status_code", 200);
  span.end();
  return res;
}

/** Ends a span whose caller was answered with `err`. */
function endWith(span: Span, err: unknown): void {
  const { code, reason } = outcomeOf(err);
  span.setAttributes({ "http.response.status_code": code, "error.type": reason });
  if (code >= 500) {
    if (!isStrataError(err) && err instanceof Error) span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
  }
  span.end();
}
