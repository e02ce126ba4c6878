import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/**
 * Batches finished spans to an OTLP/HTTP endpoint. The exporter (and the
 * protobuf and HTTP machinery under it) is imported at {@link start}, so a
 * service that exports no spans never loads it; spans that end before then
 * are not exported (the App starts tracing before anything else).
 */
export class OtlpSpanProcessor implements SpanProcessor {
  private batch: SpanProcessor | undefined;

  /** `url` is the collector's traces endpoint, e.g. `http://collector:4318/v1/traces`. */
  constructor(private readonly url: string) {}

  /** Loads the exporter and starts batching. */
  async start(): Promise<void> {
    const [{ OTLPTraceExporter }, { BatchSpanProcessor }] = await Promise.all([
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/sdk-trace-base"),
    ]);
    this.batch = new BatchSpanProcessor(new OTLPTraceExporter({ url: this.url }));
  }

  onStart(span: Span, parentContext: Context): void {
    this.batch?.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.batch?.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await this.batch?.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.batch?.shutdown();
  }
}
