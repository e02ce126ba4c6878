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
import { RandomIdGenerator, type IdGenerator, type Sampler } from "@opentelemetry/sdk-trace-base";

/**
 * The tracer of a service that exports no spans: it records nothing (no one
 * would receive it), yet gives every span its own span context, as the SDK's
 * tracer does: the caller's trace id (from `traceparent`) or a new one, a new
 * span id, the trace state, and the sampler's decision in the flags. Log lines
 * carry the ids and outbound calls carry the context exactly as with recording
 * on; only the span's name, attributes, events and timing are not kept.
 */
export class UnrecordedTracer implements Tracer {
  readonly #sampler: Sampler;
  readonly #ids: IdGenerator;

  /** `sampler` decides the sampled flag, as it would for recorded spans. */
  constructor(sampler: Sampler, ids: IdGenerator = new RandomIdGenerator()) {
    this.#sampler = sampler;
    this.#ids = ids;
  }

  startSpan(name: string, options: SpanOptions = {}, context: Context = contextApi.active()): Span {
    const from = options.root === true ? trace.deleteSpan(context) : context;
    if (isTracingSuppressed(from)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parent = trace.getSpanContext(from);
    const continued = parent !== undefined && isSpanContextValid(parent);
    const traceId = continued ? parent.traceId : this.#ids.generateTraceId();
    const spanId = this.#ids.generateSpanId();
    const sampling = this.#sampler.shouldSample(
      from,
      traceId,
      name,
      options.kind ?? SpanKind.INTERNAL,
      options.attributes ?? {},
      options.links ?? [],
    );
    return trace.wrapSpanContext({
      traceId,
      spanId,
      traceFlags: sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: sampling.traceState ?? (continued ? parent.traceState : undefined),
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
