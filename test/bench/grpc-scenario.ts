// gRPC: h2load calls the target's unary method with a pre-encoded request on
// the service (everything on) and on a plain grpc-js server answering the same
// message, in alternating rounds. One real gRPC call to each first checks the
// status and the reply, which h2load cannot see.
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBareGrpc } from "./baselines.js";
import { measurement } from "./figures.js";
import { checkUnaryCall } from "./grpc-check.js";
import { grpcFrame, h2load } from "./h2load.js";
import { loadExtras } from "./load-extras.js";
import { alternatingRounds } from "./rounds.js";
import { startPreparedTarget } from "./start-target.js";
import type { Scenario } from "./scenario.js";

/** Calls in flight per h2load connection: `connections` streams in all, as few connections as a gRPC client pool keeps. */
const STREAMS_PER_CONNECTION = 10;

/** gRPC unary calls of the target's method vs plain grpc-js. */
export const grpcScenario: Scenario = {
  name: "grpc",
  async run({ target, settings }) {
    const method = target.grpcMethod;
    const path = `/${method.parent.typeName}/${method.name}`;
    const dir = await mkdtemp(join(tmpdir(), "strata-bench-"));
    const service = await startPreparedTarget(target, settings.serverCpu, settings.databaseUrl);
    try {
      const { grpcRequest, grpcReplyJson } = service.prepared;
      const requestFile = join(dir, "request.bin");
      await writeFile(requestFile, grpcFrame(grpcRequest));
      const bare = await startBareGrpc(settings.serverCpu, grpcReplyJson);
      try {
        await checkUnaryCall(`127.0.0.1:${service.ports.grpc}`, method, grpcRequest, grpcReplyJson);
        await checkUnaryCall(`127.0.0.1:${bare.port}`, method, grpcRequest, grpcReplyJson);
        const load = (port: number) => (seconds: number) =>
          h2load(`http://127.0.0.1:${port}${path}`, requestFile, {
            cpu: settings.loadCpu,
            clients: Math.max(1, Math.round(settings.connections / STREAMS_PER_CONNECTION)),
            streams: STREAMS_PER_CONNECTION,
            seconds,
          });
        const rounds = await alternatingRounds(
          { pid: service.pid, load: load(service.ports.grpc) },
          { pid: bare.process.pid, load: load(bare.port) },
          { rounds: settings.rounds, seconds: settings.duration, warmupSeconds: settings.warmup },
        );
        return [
          measurement({
            name: `gRPC ${method.name}`,
            unit: "calls/s",
            higherIsBetter: true,
            baselineName: "plain @grpc/grpc-js, same message",
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
      await rm(dir, { recursive: true, force: true });
    }
  },
};
