// What a load scenario records besides the rates: CPU per request of both
// servers and the service's resident memory under the load.
import { median } from "./figures.js";
import type { RoundFigures } from "./rounds.js";

/** Median CPU µs per request of service and baseline, and the service's peak RSS in MB. */
export function loadExtras(rounds: { service: RoundFigures[]; baseline: RoundFigures[] }): Record<string, number> {
  return {
    serviceCpuPerRequestUs: median(rounds.service.map((round) => round.cpuPerRequestUs)),
    baselineCpuPerRequestUs: median(rounds.baseline.map((round) => round.cpuPerRequestUs)),
    servicePeakRssMb: Math.max(...rounds.service.map((round) => round.peakRssBytes)) / 2 ** 20,
  };
}
