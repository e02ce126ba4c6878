// The Grafana dashboard in deploy/grafana/dashboards/ parses, and every metric
// its queries use is one the service exports.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Metrics } from "../pkg/metrics/index.js";

const DIR = new URL("../deploy/grafana/dashboards/", import.meta.url);
const files = readdirSync(DIR).filter((name) => name.endsWith(".json"));

// PromQL words that are not metric names: functions, aggregations, modifiers.
const PROMQL_WORDS = new Set([
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "rate",
  "irate",
  "increase",
  "histogram_quantile",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "label_values",
  "topk",
  "bottomk",
  "offset",
  "bool",
  "abs",
  "clamp_min",
  "clamp_max",
]);

/** Every `expr` and variable query in a dashboard, however deeply nested. */
function queriesOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) queriesOf(item, found);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if ((key === "expr" || key === "definition") && typeof value === "string") found.push(value);
      else queriesOf(value, found);
    }
  }
  return found;
}

/** The metric names a PromQL query reads. */
function metricNamesIn(query: string): string[] {
  const stripped = query
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // range selectors
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "") // grouping labels
    .replace(/\$\w+/g, "") // Grafana variables
    .replace(/label_values\(([^,)]*),\s*\w+\)/g, "$1"); // label_values(metric, label)
  const names = stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return names.filter((name) => !PROMQL_WORDS.has(name) && !/^\d/.test(name));
}

/** Every series name the service exposes (histograms as _bucket/_sum/_count). */
async function exportedNames(): Promise<Set<string>> {
  const metrics = new Metrics();
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(metric.name + s);
    if (String(metric.type) === "summary") for (const s of ["_sum", "_count"]) names.add(metric.name + s);
  }
  return names;
}

describe("Grafana dashboards", () => {
  it("there is at least one", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s parses and queries only metrics the service exports", async (file) => {
    const dashboard = JSON.parse(readFileSync(new URL(file, DIR), "utf8")) as { uid?: string; panels?: unknown[] };
    expect(dashboard.uid).toEqual(expect.any(String));
    expect(dashboard.panels?.length).toBeGreaterThan(0);
    const queries = queriesOf(dashboard);
    expect(queries.length).toBeGreaterThan(0);
    const used = new Set(queries.flatMap(metricNamesIn));
    const exported = await exportedNames();
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it("the RED dashboard covers both request families", () => {
    const text = readFileSync(new URL("strata-red.json", DIR), "utf8");
    for (const name of [
      "server_requests_code_total",
      "server_requests_seconds_bucket",
      "client_requests_code_total",
      "client_requests_seconds_bucket",
    ]) {
      expect(text).toContain(name);
    }
  });

  it("the name extraction finds metric names and would catch an unknown one", () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, kind) (rate(server_requests_seconds_bucket{job=~"$job"}[5m])))',
      ),
    ).toEqual(["server_requests_seconds_bucket"]);
    expect(metricNamesIn("rate(http_requests_totl[1m])")).toEqual(["http_requests_totl"]);
  });
});
