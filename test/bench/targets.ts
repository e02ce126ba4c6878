// The services `make bench` can measure, by name (BENCH_TARGET, default "todo"):
// main.ts and the gRPC baseline server pick the same one.
import type { BenchTarget } from "./target.js";
import { todoTarget } from "./todo-target.js";

/** The targets by name. */
export const targets: Readonly<Record<string, BenchTarget>> = { todo: todoTarget };

/** The target BENCH_TARGET names, or the Todo example; throws naming the known ones for an unknown name. */
export function selectedTarget(name = process.env["BENCH_TARGET"] ?? "todo"): BenchTarget {
  const target = targets[name];
  if (!target) throw new Error(`BENCH_TARGET=${name}: no such target (known: ${Object.keys(targets).join(", ")})`);
  return target;
}
