// `make bench`: the service under test (BENCH_TARGET, a module of ./targets/:
// by default the service's own, else the kit's fixture) next to baselines run in the same sitting: REST against bare
// fastify (wrk), gRPC against plain grpc-js (h2load), startup against bare
// fastify. Servers run on one CPU, the C load generators on the other. Prints
// one table of ratios and writes bench/results.json. Not a test: nothing is
// asserted. Settings (environment): BENCH_ROUNDS (5), BENCH_DURATION (5 s),
// BENCH_WARMUP (3 s), BENCH_CONNECTIONS (50), BENCH_SCENARIOS (all: rest,grpc,startup),
// BENCH_DATABASE_URL or DATABASE_URL (PostgreSQL; without it the load runs on
// embedded PGlite and startup is skipped).
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { grpcScenario } from "./grpc-scenario.js";
import { ROOT } from "./processes.js";
import { formatResults, readResults, writeResults, type BenchResults } from "./report.js";
import { restScenario } from "./rest-scenario.js";
import { startupScenario } from "./startup-scenario.js";
import { selectedTarget } from "./targets.js";
import { requireTools } from "./tools.js";
import type { BenchSettings, Measurement, Scenario } from "./scenario.js";

const SCENARIOS: readonly Scenario[] = [restScenario, grpcScenario, startupScenario];
const RESULTS = join(ROOT, "bench/results.json");

const env = (name: string, fallback: string) => process.env[name] || fallback;
const settings: BenchSettings = {
  rounds: Number(env("BENCH_ROUNDS", "5")),
  duration: Number(env("BENCH_DURATION", "5")),
  warmup: Number(env("BENCH_WARMUP", "3")),
  connections: Number(env("BENCH_CONNECTIONS", "50")),
  serverCpu: 0,
  loadCpu: 1,
  databaseUrl: env("BENCH_DATABASE_URL", env("DATABASE_URL", "")),
};
const chosen = env("BENCH_SCENARIOS", SCENARIOS.map((scenario) => scenario.name).join(",")).split(",");

await requireTools();
if (cpus().length < 2) throw new Error("make bench needs 2 CPUs: one for the servers, one for the load generator");
if (settings.databaseUrl === "") {
  console.log("No BENCH_DATABASE_URL or DATABASE_URL: the load runs on embedded PGlite and startup is skipped.");
}
const target = await selectedTarget();
const loadBefore = loadavg()[0] ?? Number.NaN;
const measurements: Measurement[] = [];
const skipped: Record<string, string> = {};
for (const scenario of SCENARIOS.filter((s) => chosen.includes(s.name))) {
  console.log(`running ${scenario.name}…`);
  const outcome = await scenario.run({ target, settings });
  if ("skipped" in outcome) skipped[scenario.name] = outcome.skipped;
  else measurements.push(...outcome);
}

const { databaseUrl, ...shownSettings } = settings;
const results: BenchResults = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverage: { before: loadBefore, after: loadavg()[0] ?? Number.NaN },
  target: target.name,
  database: databaseUrl === "" ? "pglite" : "postgresql",
  settings: shownSettings,
  measurements,
  skipped,
};
const previous = await readResults(RESULTS);
console.log(`\n${formatResults(results, previous)}`);
await writeResults(RESULTS, results);
console.log(`\nwritten to bench/results.json`);
