// Medians and ratios of alternating rounds, as the table's rows.
import type { Measurement } from "./scenario.js";

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** What a measurement row is made of, before its medians and ratios. */
export interface MeasurementInput {
  readonly name: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly baselineName: string;
  /** Round i of the service was run next to round i of the baseline. */
  readonly service: readonly number[];
  readonly baseline: readonly number[];
  readonly extra?: Readonly<Record<string, number>>;
}

/** The row: medians of both, the median of the per-round ratios, and each round. */
export function measurement(input: MeasurementInput): Measurement {
  const rounds = input.service.map((service, i) => {
    const baseline = input.baseline[i] ?? Number.NaN;
    return { service, baseline, ratio: service / baseline };
  });
  return {
    name: input.name,
    unit: input.unit,
    higherIsBetter: input.higherIsBetter,
    baselineName: input.baselineName,
    service: median(input.service),
    baseline: median(input.baseline),
    ratio: median(rounds.map((round) => round.ratio)),
    rounds,
    extra: input.extra ?? {},
  };
}
