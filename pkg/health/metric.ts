import { Gauge, register, type Registry } from "prom-client";
import type { DependencyState } from "./check.js";

/** The gauge of each dependency's last check, 1 up and 0 down (before the registry's prefix). */
export const DEPENDENCY_UP_METRIC = "dependency_up";

/**
 * The gauge `<prefix>dependency_up{dependency,critical}`, registered once per
 * registry (several services may run in one process, as in tests): a
 * non-critical dependency at 0 is the service running degraded, a critical one
 * at 0 is the instance unready.
 */
export function dependencyUpGauge(registry: Registry = register, prefix = ""): Gauge<"dependency" | "critical"> {
  const name = prefix + DEPENDENCY_UP_METRIC;
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<"dependency" | "critical">;
  return new Gauge({
    name,
    help: "Whether the dependency answered its last readiness check (1) or not (0); critical ones make the instance unready.",
    labelNames: ["dependency", "critical"],
    registers: [registry],
  });
}

/** Sets the gauge from a round of checks. */
export function recordDependencyStates(
  gauge: Gauge<"dependency" | "critical">,
  states: readonly DependencyState[],
): void {
  for (const state of states) {
    gauge.set({ dependency: state.name, critical: String(state.critical) }, state.ok ? 1 : 0);
  }
}
