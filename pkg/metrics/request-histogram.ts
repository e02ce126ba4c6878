import type { RequestSeries, SeriesLabels } from "./request-series.js";

/** One sample of a histogram family: a `_bucket`, `_sum` or `_count` line. */
export interface HistogramSample {
  /** The family's name with its `_bucket`, `_sum` or `_count` suffix. */
  readonly metricName: string;
  /** Every label of the line: `le` (buckets only) and the series' labels. */
  readonly labels: Readonly<Record<string, string | number>>;
  /** The cumulative bucket count, the sum or the count. */
  readonly value: number;
}

/**
 * A sample as the registry's text exposition takes it: `labels` holds only
 * `le`, and `sharedLabels` the series' labels, which the registry writes
 * after its default labels, as it does for prom-client's own Histogram.
 */
export interface HistogramTextSample extends HistogramSample {
  /** The series' labels, one object per series. */
  readonly sharedLabels: SeriesLabels;
}

/** A histogram family's snapshot, in the shape prom-client's metrics return from `get()`. */
export interface HistogramSnapshot<S extends HistogramSample> {
  /** The family's name, prefix included. */
  readonly name: string;
  /** Its help text. */
  readonly help: string;
  /** Always `histogram`. */
  readonly type: "histogram";
  /** How `AggregatorRegistry` combines cluster workers' values: added up. */
  readonly aggregator: "sum";
  /** Each series' buckets (then `+Inf`), `_sum` and `_count`. */
  readonly values: S[];
}

/**
 * The request duration histogram family, read straight from the bound
 * `RequestSeries` at every scrape.
 *
 * Why not prom-client's Histogram: it takes observations one at a time, each
 * hashing its labels (the cost this replaces), and has no public way to add
 * counts recorded elsewhere. Feeding it at scrape time would replay every
 * observation, which costs as much as before and needs a buffer that grows
 * until someone scrapes. So this is a metric object of its own, registered
 * with `Registry.registerMetric`: the registry needs only `name`, `type`,
 * `get()` (the shape index.d.ts gives `Histogram.get()`) and `reset()`, and
 * prom-client's own `AggregatorRegistry` registers such plain objects too.
 * `getForPromString()` is the registry's text-exposition entry (the one
 * prom-client's Histogram provides), kept so the text lists labels in the
 * order prom-client's Histogram writes them: `le`, default labels, then the
 * series' labels.
 */
export class RequestHistogram {
  /** What `# TYPE` says. */
  readonly type = "histogram";
  /** How `AggregatorRegistry` combines cluster workers' values. */
  readonly aggregator = "sum";

  constructor(
    /** The family's name, prefix included. */
    readonly name: string,
    /** Its help text. */
    readonly help: string,
    /** Bucket upper bounds in seconds, `+Inf` left out. */
    readonly bounds: readonly number[],
    /** Every series bound so far, in the order they were bound. */
    private readonly series: readonly RequestSeries[],
  ) {}

  /** The samples for the text exposition (`Registry.metrics()`). */
  getForPromString(): Promise<HistogramSnapshot<HistogramTextSample>> {
    const bucket = `${this.name}_bucket`;
    const sum = `${this.name}_sum`;
    const count = `${this.name}_count`;
    const values: HistogramTextSample[] = [];
    for (const s of this.series) {
      // Unobserved series stay out, as with prom-client: a series appears
      // with its first call and goes after a reset.
      if (s.count === 0) continue;
      const shared = s.labels;
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += s.buckets[i];
        values.push({ metricName: bucket, labels: { le: this.bounds[i] }, sharedLabels: shared, value: cumulative });
      }
      values.push(
        { metricName: bucket, labels: { le: "+Inf" }, sharedLabels: shared, value: s.count },
        { metricName: sum, labels: {}, sharedLabels: shared, value: s.sum },
        { metricName: count, labels: {}, sharedLabels: shared, value: s.count },
      );
    }
    return Promise.resolve(this.snapshot(values));
  }

  /** The samples with every label in `labels` (`Registry.getMetricsAsJSON()`, cluster aggregation). */
  async get(): Promise<HistogramSnapshot<HistogramSample>> {
    const { values } = await this.getForPromString();
    return this.snapshot(
      values.map(({ metricName, labels, sharedLabels, value }) => ({
        metricName,
        labels: { ...labels, ...sharedLabels },
        value,
      })),
    );
  }

  /**
   * Forgets every call recorded (`Registry.resetMetrics()`), with the counts
   * the requests counter has not collected yet: the registry resets that
   * counter too, and they would otherwise come back at the next scrape.
   */
  reset(): void {
    for (const s of this.series) s.reset();
  }

  private snapshot<S extends HistogramSample>(values: S[]): HistogramSnapshot<S> {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
