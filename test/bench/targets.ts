// The services `make bench` can measure: one module per target in ./targets/,
// named by its file (BENCH_TARGET=fixture picks targets/fixture.ts), each
// exporting `target`. Found by listing the directory, so adding or deleting a
// target edits nothing here; main.ts and the gRPC baseline server pick the same one.
import { readdir } from "node:fs/promises";
import type { BenchTarget } from "./target.js";

/** The kit's own target (targets/fixture.ts): measured when the service has no target of its own. */
export const FIXTURE_TARGET = "fixture";

const TARGETS_DIR = new URL("./targets/", import.meta.url);
// Sources under tsx, compiled modules under dist/bench.
const MODULE = /^([\w-]+)\.(ts|js)$/;

/** Every target in ./targets/, by name, in name order. */
export async function loadTargets(): Promise<ReadonlyMap<string, BenchTarget>> {
  const targets = new Map<string, BenchTarget>();
  for (const file of (await readdir(TARGETS_DIR)).sort()) {
    const name = MODULE.exec(file)?.[1];
    if (name === undefined || file.endsWith(".d.ts")) continue;
    const module = (await import(new URL(file, TARGETS_DIR).href)) as { target?: BenchTarget };
    if (module.target === undefined) throw new Error(`test/bench/targets/${file} exports no \`target\``);
    targets.set(name, module.target);
  }
  return targets;
}

/** The target measured without BENCH_TARGET: the service's own (the first other than the fixture), else the fixture. */
export function defaultTargetName(names: Iterable<string>): string {
  return [...names].find((name) => name !== FIXTURE_TARGET) ?? FIXTURE_TARGET;
}

/** The target `name` (BENCH_TARGET, else {@link defaultTargetName}); throws naming the known ones for an unknown name. */
export async function selectedTarget(name = process.env["BENCH_TARGET"] ?? ""): Promise<BenchTarget> {
  const targets = await loadTargets();
  const chosen = name === "" ? defaultTargetName(targets.keys()) : name;
  const target = targets.get(chosen);
  if (!target) throw new Error(`BENCH_TARGET=${chosen}: no such target (known: ${[...targets.keys()].join(", ")})`);
  return target;
}
