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
import { headersGetter, headersSetter } from "../tracing/headers-carrier.js";
import type { CallContext } from "../transport/context.js";
import type { Middleware } from "./middleware.js";
import { outcomeOf } from "./outcome.js";

/** Options of {@link tracing} and {@link clientTracing}: `Tracing.tracer` and `Tracing.propagator`. */
export interface TracingMiddlewareOptions {
  tracer: Tracer;
  propagator: TextMapPropagator;
}

/**
 * A server span per call, for both transports, named for the operation
 * (`todo.v1.TodoService/GetTodo`): its parent is the caller's W3C
 * `traceparent` (and `tracestate`, `baggage`) read from the request headers or
 * gRPC metadata. The span is active while the handler runs, so SQL spans,
 * outbound calls and log lines inside it join the trace.
 */
export function tracing(options: TracingMiddlewareOptions): Middleware {
  const { tracer, propagator } = options;
  return (next) => (req, ctx) => {
    const parent = propagator.extract(context.active(), ctx.requestHeader, headersGetter);
    const span = tracer.startSpan(spanName(ctx), { kind: SpanKind.SERVER, attributes: attributesOf(ctx) }, parent);
    return context
      .with(trace.setSpan(parent, span), () => next(req, ctx))
      .then(
        (res) => endOk(span, res),
        (err: unknown) => endFailed(span, err),
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
    const span = tracer.startSpan(spanName(ctx), { kind: SpanKind.CLIENT, attributes: attributesOf(ctx) }, parent);
    const active = trace.setSpan(parent, span);
    propagator.inject(active, ctx.requestHeader, headersSetter);
    return context
      .with(active, () => next(req, ctx))
      .then(
        (res) => endOk(span, res),
        (err: unknown) => endFailed(span, err),
      );
  };
}

function spanName(ctx: CallContext): string {
  return ctx.operation.slice(1);
}

function attributesOf(ctx: CallContext): Record<string, string> {
  return {
    "rpc.system": ctx.kind === "grpc" ? "grpc" : "http",
    "rpc.service": ctx.method.parent.typeName,
    "rpc.method": ctx.method.name,
  };
}

function endOk<T>(span: Span, res: T): T {
  span.setAttribute("http.response.status_code", 200);
  span.end();
  return res;
}

function endFailed(span: Span, err: unknown): never {
  const { code, reason } = outcomeOf(err);
  span.setAttributes({ "http.response.status_code": code, "error.type": reason });
  if (code >= 500) {
    if (!isStrataError(err) && err instanceof Error) span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
  }
  span.end();
  throw err;
}
