import type { TextMapPropagator, Tracer } from "@opentelemetry/api";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { Component } from "../app/component.js";
import { ensureContextManager } from "../log/active-call.js";
import { PooledIdGenerator } from "./id-generator.js";
import { OtlpSpanProcessor } from "./otlp-processor.js";
import { UnrecordedTracer } from "./unrecorded-tracer.js";

/** How a service traces; every optional field has a default in `defaultTracingOptions`. */
export interface TracingOptions {
  /** `service.name` of the spans' resource. */
  serviceName: string;
  /** `service.version` of the spans' resource. */
  serviceVersion: string;
  /**
   * The share of new traces recorded, 0 to 1. A call whose caller sent a
   * `traceparent` follows the caller's decision (parent-based sampling).
   */
  sampleRatio?: number;
  /**
   * The OTLP/HTTP endpoint spans are exported to (`http://collector:4318`;
   * OTEL_EXPORTER_OTLP_ENDPOINT); empty exports nothing, while trace context
   * still propagates and logs still carry trace ids.
   */
  otlpEndpoint?: string;
  /** Exporters of finished spans besides OTLP, one span at a time (tests use an InMemorySpanExporter). */
  exporters?: readonly SpanExporter[];
}

/** The defaults of TracingOptions' optional fields. */
export const defaultTracingOptions = {
  sampleRatio: 1,
  otlpEndpoint: "",
  exporters: [],
} as const satisfies Partial<TracingOptions>;

/**
 * A service's tracing: an OpenTelemetry tracer provider of its own (not the
 * API's global one), a tracer for the kit's middleware and SQL spans, and the
 * W3C trace context + baggage propagator. A resource for the App: stopping
 * it flushes spans not yet exported.
 */
export class Tracing implements Component {
  readonly name = "tracing";
  /** The provider; `getTracer()` it for spans of your own (recorded only when exported). */
  readonly provider: BasicTracerProvider;
  /**
   * The tracer the kit's middleware and SQL instrumentation use: the
   * provider's when spans are exported, an UnrecordedTracer (span contexts
   * only, nothing recorded) when they are not.
   */
  readonly tracer: Tracer;
  /** W3C `traceparent`/`tracestate` and `baggage`, read from requests and written to outbound calls. */
  readonly propagator: TextMapPropagator;
  /** Whether spans are exported anywhere. */
  readonly exporting: boolean;
  private readonly otlp: OtlpSpanProcessor | undefined;

  constructor(options: TracingOptions) {
    ensureContextManager();
    const { sampleRatio, otlpEndpoint, exporters } = { ...defaultTracingOptions, ...options };
    const spanProcessors: SpanProcessor[] = exporters.map((exporter) => new SimpleSpanProcessor(exporter));
    if (otlpEndpoint !== "") {
      this.otlp = new OtlpSpanProcessor(`${otlpEndpoint.replace(/\/+$/, "")}/v1/traces`);
      spanProcessors.push(this.otlp);
    }
    this.exporting = spanProcessors.length > 0;
    const root = rootSampler(sampleRatio);
    const idGenerator = new PooledIdGenerator();
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        "service.name": options.serviceName,
        "service.version": options.serviceVersion,
      }),
      sampler: new ParentBasedSampler({ root }),
      idGenerator,
      spanProcessors,
    });
    // With nothing to export to, spans are not recorded; their context still propagates.
    this.tracer = this.exporting
      ? this.provider.getTracer("strata", options.serviceVersion)
      : new UnrecordedTracer(root, idGenerator);
    this.propagator = new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    });
  }

  /** Loads the OTLP exporter when there is an endpoint; spans are recorded from then on. */
  async start(): Promise<void> {
    await this.otlp?.start();
  }

  /** Exports what is pending and shuts the provider down. */
  async stop(): Promise<void> {
    await this.provider.shutdown();
  }
}

/** The sampler of new traces for a ratio: every trace at 1 and above, none at 0 and below. */
function rootSampler(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}
