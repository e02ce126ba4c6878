// Alternating load rounds (service, baseline, service, baseline, ...): load
// from other processes on the machine then weighs on both alike. Each round
// also records the server's CPU time per request, from /proc, which that load
// disturbs far less than the rate, and its resident memory under the load.
import { setInterval } from "node:timers";
import { cpuSeconds, rssBytes } from "./processes.js";
import type { LoadResult } from "./load-generator.js";

/** A server and how to load it for some seconds. */
export interface LoadedServer {
  readonly pid: number;
  load(seconds: number): Promise<LoadResult>;
}

/** What one round of load on one server gave. */
export interface RoundFigures {
  /** Requests per second. */
  readonly rate: number;
  /** The server's CPU time (all threads) per request, in µs. */
  readonly cpuPerRequestUs: number;
  /** The largest resident set sampled during the round, in bytes. */
  readonly peakRssBytes: number;
}

/** How many rounds of how long, after how much warm-up per server. */
export interface RoundPlan {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

/** Warms both servers up, then runs `plan.rounds` alternating rounds; returns each server's rounds in order. */
export async function alternatingRounds(
  service: LoadedServer,
  baseline: LoadedServer,
  plan: RoundPlan,
): Promise<{ service: RoundFigures[]; baseline: RoundFigures[] }> {
  await service.load(plan.warmupSeconds);
  await baseline.load(plan.warmupSeconds);
  const rounds = { service: [] as RoundFigures[], baseline: [] as RoundFigures[] };
  for (let round = 0; round < plan.rounds; round++) {
    rounds.service.push(await measuredRound(service, plan.seconds));
    rounds.baseline.push(await measuredRound(baseline, plan.seconds));
  }
  return rounds;
}

async function measuredRound(server: LoadedServer, seconds: number): Promise<RoundFigures> {
  let peakRssBytes = await rssBytes(server.pid);
  const sampler = setInterval(() => {
    void rssBytes(server.pid).then(
      (rss) => (peakRssBytes = Math.max(peakRssBytes, rss)),
      () => undefined, // the process may be gone when the load failed: the load reports that
    );
  }, 250);
  const cpuBefore = await cpuSeconds(server.pid);
  try {
    const result = await server.load(seconds);
    const cpu = (await cpuSeconds(server.pid)) - cpuBefore;
    return { rate: result.rate, cpuPerRequestUs: (cpu / result.requests) * 1e6, peakRssBytes };
  } finally {
    clearInterval(sampler);
  }
}
