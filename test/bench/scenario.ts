// The shape every `make bench` scenario shares: a scenario measures one thing
// about the service next to a baseline run in the same sitting and returns rows
// for the table. A new scenario (overload, relay lag, ...) is one more module
// exporting a Scenario, listed in main.ts.
import type { BenchTarget, PreparedTarget, TargetPorts } from "./target.js";

/** One figure of the service next to its baseline, from alternating rounds. */
export interface Measurement {
  /** What was measured, e.g. "REST GET /v1/notes/{id}". */
  readonly name: string;
  /** The unit of `service`, `baseline` and `rounds`, e.g. "req/s" or "ms". */
  readonly unit: string;
  /** Whether more is better (throughput) or worse (latency): it orients the ratio. */
  readonly higherIsBetter: boolean;
  /** What the baseline is, e.g. "bare fastify, same JSON". */
  readonly baselineName: string;
  /** Medians over the rounds. */
  readonly service: number;
  readonly baseline: number;
  /** service / baseline: above 1 is better for throughput, worse for a duration (see `higherIsBetter`). */
  readonly ratio: number;
  /** Per round: the service's and the baseline's figure and their ratio. */
  readonly rounds: readonly { readonly service: number; readonly baseline: number; readonly ratio: number }[];
  /** Anything else worth recording (CPU per request, RSS), by name. */
  readonly extra: Readonly<Record<string, number>>;
}

/** What a scenario runs against: the target and the run's settings. */
export interface BenchContext {
  readonly target: BenchTarget;
  readonly settings: BenchSettings;
}

/** A started target service with its request prepared. */
export interface RunningTarget {
  readonly pid: number;
  readonly ports: TargetPorts;
  readonly prepared: PreparedTarget;
  stop(): Promise<void>;
}

/** Knobs of one run, from the environment (see main.ts). */
export interface BenchSettings {
  /** Seconds per measured round. */
  readonly duration: number;
  /** Alternating rounds per figure. */
  readonly rounds: number;
  /** Seconds of load before the rounds, per server. */
  readonly warmup: number;
  /** Concurrent connections (wrk) or streams (h2load). */
  readonly connections: number;
  /** The CPU the servers run on and the one the load generators run on. */
  readonly serverCpu: number;
  readonly loadCpu: number;
  /** The PostgreSQL URL the service runs on; "" runs it on embedded PGlite (and skips startup). */
  readonly databaseUrl: string;
}

/** One part of `make bench`. A skipped scenario says why (e.g. no database configured). */
export interface Scenario {
  readonly name: string;
  run(context: BenchContext): Promise<readonly Measurement[] | { readonly skipped: string }>;
}
