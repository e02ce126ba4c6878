// REST: wrk GETs the target's route on the service (everything on) and on bare
// fastify serving the same JSON, in alternating rounds.
import { startBareFastify } from "./baselines.js";
import { measurement } from "./figures.js";
import { alternatingRounds } from "./rounds.js";
import { loadExtras } from "./load-extras.js";
import { startPreparedTarget } from "./start-target.js";
import { wrk } from "./wrk.js";
import type { Scenario } from "./scenario.js";

/** REST GET of the target's route vs bare fastify. */
export const restScenario: Scenario = {
  name: "rest",
  async run({ target, settings }) {
    const service = await startPreparedTarget(target, settings.serverCpu, settings.databaseUrl);
    try {
      const { restRoute, restPath, restBody } = service.prepared;
      const bare = await startBareFastify(settings.serverCpu, restRoute, restPath, restBody);
      try {
        const load = (port: number) => (seconds: number) =>
          wrk(`http://127.0.0.1:${port}${restPath}`, {
            cpu: settings.loadCpu,
            connections: settings.connections,
            seconds,
          });
        const rounds = await alternatingRounds(
          { pid: service.pid, load: load(service.ports.http) },
          { pid: bare.process.pid, load: load(bare.port) },
          { rounds: settings.rounds, seconds: settings.duration, warmupSeconds: settings.warmup },
        );
        return [
          measurement({
            name: `REST GET ${restRoute.replace(/:(\w+)/g, "{$1}")}`,
            unit: "req/s",
            higherIsBetter: true,
            baselineName: "bare fastify, same JSON",
            service: rounds.service.map((round) => round.rate),
            baseline: rounds.baseline.map((round) => round.rate),
            extra: loadExtras(rounds),
          }),
        ];
      } finally {
        await bare.process.stop();
      }
    } finally {
      await service.stop();
    }
  },
};
