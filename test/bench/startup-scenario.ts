// Startup: exec → the ready path's first 200 of the compiled service on
// PostgreSQL, against exec → first 200 of bare fastify, alternating. One
// unmeasured start of each first applies the migrations and warms the file
// cache, so every measured start is a restart, as in a rollout.
import { startBareFastify } from "./baselines.js";
import { measurement } from "./figures.js";
import { startTarget } from "./start-target.js";
import type { Scenario } from "./scenario.js";

/** Exec → ready of the target on PostgreSQL vs bare fastify exec → first 200. */
export const startupScenario: Scenario = {
  name: "startup",
  async run({ target, settings }) {
    if (settings.databaseUrl === "") {
      return { skipped: "set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL database to measure startup" };
    }
    const serviceStart = async (): Promise<number> => {
      const started = await startTarget(target, settings.serverCpu, settings.databaseUrl);
      await started.process.stop();
      return started.readyAt - started.process.spawnedAt;
    };
    const bareStart = async (): Promise<number> => {
      const bare = await startBareFastify(settings.serverCpu, "/", "/", "{}");
      const readyAt = bare.readyAt;
      await bare.process.stop();
      return readyAt - bare.process.spawnedAt;
    };
    await serviceStart();
    await bareStart();
    const service: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      service.push(await serviceStart());
      baseline.push(await bareStart());
    }
    return [
      measurement({
        name: "startup, exec → ready (PostgreSQL)",
        unit: "ms",
        higherIsBetter: false,
        baselineName: "bare fastify, exec → first 200",
        service,
        baseline,
      }),
    ];
  },
};
