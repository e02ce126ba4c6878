import { context, trace } from "@opentelemetry/api";

/** The log fields naming the active span, none outside one. */
export interface TraceFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * `trace_id` and `span_id` of the span active in the current async context (a
 * server span, or an SQL or client span inside it): a pino mixin, so every line
 * logged while serving a traced call can be joined with its trace.
 */
export function traceFields(): TraceFields {
  const span = trace.getSpan(context.active());
  // A new object every time: pino merges the line's fields into it.
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
