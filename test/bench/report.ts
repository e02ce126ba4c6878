// The output of `make bench`: one table of ratios with the absolute figures,
// and the same as JSON (bench/results.json) to compare the next run with.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { BenchSettings, Measurement } from "./scenario.js";

/** One run of `make bench`, as written to bench/results.json. */
export interface BenchResults {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  /** The machine's 1-minute load average before and after the run: above 1–2 on 2 CPUs, other work shared them. */
  readonly loadAverage: { readonly before: number; readonly after: number };
  readonly target: string;
  readonly database: "postgresql" | "pglite";
  /** The run's settings, without the database URL (it may hold a password). */
  readonly settings: Omit<BenchSettings, "databaseUrl">;
  readonly measurements: readonly Measurement[];
  /** Scenarios that did not run, and why. */
  readonly skipped: Readonly<Record<string, string>>;
}

const number = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The table, the CPU and memory lines and the skipped scenarios, as printed. */
export function formatResults(results: BenchResults, previous?: BenchResults): string {
  const { settings } = results;
  const lines = [
    `${results.target}: Node.js ${results.node}, ${results.date}, ${results.cpus} CPUs (servers on CPU ${settings.serverCpu}, load generator on CPU ${settings.loadCpu}), database ${results.database === "postgresql" ? "PostgreSQL" : "embedded PGlite"}`,
    `load average ${results.loadAverage.before.toFixed(1)} before, ${results.loadAverage.after.toFixed(1)} after (other processes' CPU use: the rates suffer more than the ratios)`,
    `${settings.rounds} alternating rounds of ${settings.duration}s after ${settings.warmup}s of warm-up, ${settings.connections} connections (wrk) / streams (h2load); medians, ratio range over the rounds`,
    "",
  ];
  const rows = results.measurements.map((m) => {
    const ratios = m.rounds.map((round) => round.ratio);
    const before = previous?.measurements.find((p) => p.name === m.name);
    return [
      m.name,
      `${number(m.service)} ${m.unit}`,
      `${number(m.baseline)} ${m.unit} (${m.baselineName})`,
      `${m.ratio.toFixed(2)}×`,
      `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      before ? `${before.ratio.toFixed(2)}×` : "",
    ];
  });
  const header = ["", "service", "baseline", "ratio", "range", previous ? `last run (${previous.node})` : ""];
  lines.push(...table([header, ...rows]));
  for (const m of results.measurements) {
    const { serviceCpuPerRequestUs, baselineCpuPerRequestUs, servicePeakRssMb } = m.extra;
    if (serviceCpuPerRequestUs === undefined || baselineCpuPerRequestUs === undefined) continue;
    lines.push(
      `${m.name}: CPU per request ${number(serviceCpuPerRequestUs, 1)} µs (baseline ${number(baselineCpuPerRequestUs, 1)} µs); service RSS under load at most ${number(servicePeakRssMb ?? Number.NaN)} MB`,
    );
  }
  for (const [scenario, why] of Object.entries(results.skipped)) lines.push(`${scenario}: skipped, ${why}`);
  return lines.join("\n");
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** The results of the last run at `path`, if there is one. */
export async function readResults(path: string): Promise<BenchResults | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as BenchResults;
  } catch {
    return undefined;
  }
}

/** Writes `results` to `path` as JSON. */
export async function writeResults(path: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
