/** The labels of one operation's duration series: the transport and the full gRPC method name. */
export interface SeriesLabels {
  /** The transport: `http` or `grpc`. */
  readonly kind: string;
  /** The full gRPC method name, e.g. `/library.v1.LibraryService/GetBook`. */
  readonly operation: string;
}

/** The labels of one requests counter series: the operation's, plus the HTTP status and error reason. */
export interface OutcomeLabels extends SeriesLabels {
  /** The HTTP status, e.g. `200`. */
  readonly code: string;
  /** The error reason, "" on success. */
  readonly reason: string;
}

/**
 * Calls of one operation that ended one way, counted since the requests
 * counter last collected them (see `RequestMetrics`).
 */
export class OutcomeCount {
  /** Calls counted and not yet added to the prom-client counter. */
  pending = 0;

  constructor(
    /** The HTTP status, compared as a number on every call. */
    readonly code: number,
    /** The error reason ("" on success). */
    readonly reason: string,
    /** The counter series' labels, made once. */
    readonly labels: OutcomeLabels,
  ) {}
}

/**
 * One `{kind, operation}`'s request metrics, bound once so that recording a
 * call adds to numbers only: no label object is made, hashed or looked up.
 * It holds the duration histogram's counts (read as they are by
 * `RequestHistogram` at every scrape) and a count per outcome (moved into
 * the requests counter at every scrape).
 */
export class RequestSeries {
  /** Calls per bucket, not cumulative: `buckets[i]` counts durations in (bounds[i-1], bounds[i]]. */
  readonly buckets: Float64Array;
  /** Calls recorded: the `+Inf` bucket and `_count`. */
  count = 0;
  /** Their durations added up, in seconds, in the order they were recorded. */
  sum = 0;
  private readonly outcomes: OutcomeCount[] = [];

  constructor(
    /** The histogram series' labels, shared by all its samples. */
    readonly labels: SeriesLabels,
    /** The histogram's bucket upper bounds in seconds, `+Inf` left out. */
    readonly bounds: readonly number[],
    /** Where each outcome this series counts first is listed too, in the order they are first seen. */
    private readonly allOutcomes: OutcomeCount[],
  ) {
    this.buckets = new Float64Array(bounds.length);
  }

  /** Counts a call that ended with `code` and `reason` and took `seconds`. */
  record(code: number, reason: string, seconds: number): void {
    this.outcome(code, reason).pending++;
    this.count++;
    this.sum += seconds;
    // The first bound the value fits under, as prom-client's Histogram does;
    // past the last one only `count` (the +Inf bucket) grows.
    const { bounds } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]) {
        this.buckets[i]++;
        return;
      }
    }
  }

  /** Forgets every call recorded: durations, and counts the requests counter has not collected yet. */
  reset(): void {
    this.buckets.fill(0);
    this.count = 0;
    this.sum = 0;
    for (const outcome of this.outcomes) outcome.pending = 0;
  }

  // An operation ends in a handful of ways, success first: a scan beats a map.
  private outcome(code: number, reason: string): OutcomeCount {
    for (const outcome of this.outcomes) {
      if (outcome.code === code && outcome.reason === reason) return outcome;
    }
    const labels = { kind: this.labels.kind, operation: this.labels.operation, code: String(code), reason };
    const outcome = new OutcomeCount(code, reason, labels);
    this.outcomes.push(outcome);
    this.allOutcomes.push(outcome);
    return outcome;
  }
}
