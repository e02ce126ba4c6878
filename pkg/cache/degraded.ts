import { Counter, register, type Registry } from "prom-client";

/** The metric counting cache operations that failed and fell back to the source (before the registry's prefix). */
export const CACHE_ERRORS_METRIC = "cache_errors_total";

/**
 * The counter of failed cache operations by `{cache, op}`, named
 * `<prefix>cache_errors_total`, registered once per registry (several services
 * may run in one process, as in tests).
 */
export function cacheErrorCounter(registry: Registry = register, prefix = ""): Counter<"cache" | "op"> {
  const name = prefix + CACHE_ERRORS_METRIC;
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<"cache" | "op">;
  return new Counter({
    name,
    help: "Cache operations that failed; the service read from the database instead.",
    labelNames: ["cache", "op"],
    registers: [registry],
  });
}
