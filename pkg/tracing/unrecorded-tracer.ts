import {
  context as contextApi,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  SamplingDecision,
  SpanKind,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import type { IdGenerator, Sampler } from "@opentelemetry/sdk-trace-base";
import { PooledIdGenerator } from "./id-generator.js";

/**
 * The tracer of a service that exports no spans: it records nothing (no one
 * would receive it), yet gives every span its own span context, as the SDK's
 * tracer does: the caller's trace id (from `traceparent`) or a new one, a new
 * span id, the trace state, and the sampling decision in the flags. Log lines
 * carry the ids and outbound calls carry the context exactly as with recording
 * on; only the span's name, attributes, events and timing are not kept.
 */
export class UnrecordedTracer implements Tracer {
  readonly #root: Sampler;
  readonly #ids: IdGenerator;

  /**
   * Sampling is parent-based, as the recorded spans' `ParentBasedSampler({
   * root })` (with its default delegates) decides it: a span with a valid
   * parent follows the parent's sampled flag, and `root` decides for a new
   * trace. Deciding here spares a second look-up and validation of the parent.
   */
  constructor(root: Sampler, ids: IdGenerator = new PooledIdGenerator()) {
    this.#root = root;
    this.#ids = ids;
  }

  startSpan(name: string, options: SpanOptions = {}, context: Context = contextApi.active()): Span {
    const from = options.root === true ? trace.deleteSpan(context) : context;
    if (isTracingSuppressed(from)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parent = trace.getSpanContext(from);
    if (parent !== undefined && isSpanContextValid(parent)) {
      return trace.wrapSpanContext({
        traceId: parent.traceId,
        spanId: this.#ids.generateSpanId(),
        traceFlags: parent.traceFlags & TraceFlags.SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
        traceState: parent.traceState,
      });
    }
    const traceId = this.#ids.generateTraceId();
    const sampling = this.#root.shouldSample(
      from,
      traceId,
      name,
      options.kind ?? SpanKind.INTERNAL,
      options.attributes ?? {},
      options.links ?? [],
    );
    return trace.wrapSpanContext({
      traceId,
      spanId: this.#ids.generateSpanId(),
      traceFlags: sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: sampling.traceState,
    });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...args: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = args.length > 1 ? (args[0] as SpanOptions) : {};
    const context = args.length > 2 ? (args[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, context);
    return contextApi.with(trace.setSpan(context, span), () => fn(span) as ReturnType<F>);
  }
}
