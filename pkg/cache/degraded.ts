import { Counter, register, type Registry } from "prom-client";

/** The metric counting cache operations that failed and fell back to the source. */
export const CACHE_ERRORS_METRIC = "cache_errors_total";

/**
 * The counter of failed cache operations by `{cache, op}`, registered once per
 * registry (several services may run in one process, as in tests).
 */
export function cacheErrorCounter(registry: Registry = register): Counter<"cache" | "op"> {
  const existing = registry.getSingleMetric(CACHE_ERRORS_METRIC);
  if (existing) return existing as Counter<"cache" | "op">;
  return new Counter({
    name: CACHE_ERRORS_METRIC,
    help: "Cache operations that failed; the service read from the database instead.",
    labelNames: ["cache", "op"],
    registers: [registry],
  });
}
