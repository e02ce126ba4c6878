// Starting the baseline servers (test/bench/servers, compiled to dist/bench
// by `make bench` so they start as the compiled service does).
import { freePorts, startPinned, waitForOk, type PinnedProcess } from "./processes.js";

/** Where `make bench` compiles the baseline servers (tsconfig.bench.json). */
const COMPILED = "dist/bench/test/bench/servers";

/** A started baseline server and its port. */
export interface Baseline {
  readonly process: PinnedProcess;
  readonly port: number;
  /** When it first answered (`performance.now()`); gRPC baselines are checked by a call instead (NaN). */
  readonly readyAt: number;
}

/** Starts bare fastify answering `route` with `body` on `cpu`; resolves once `path` answers 200. */
export async function startBareFastify(cpu: number, route: string, path: string, body: string): Promise<Baseline> {
  const [port] = await freePorts(1);
  const server = startPinned(cpu, [`${COMPILED}/bare-fastify.js`], {
    BENCH_PORT: String(port),
    BENCH_ROUTE: route,
    BENCH_BODY: body,
  });
  try {
    const readyAt = await waitForOk(`http://127.0.0.1:${port}${path}`, server);
    return { process: server, port, readyAt };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Starts the plain grpc-js server of the selected target's method, answering with `replyJson`, on `cpu`. */
export async function startBareGrpc(cpu: number, replyJson: string): Promise<Baseline> {
  const [port] = await freePorts(1);
  const server = startPinned(cpu, [`${COMPILED}/bare-grpc.js`], {
    BENCH_PORT: String(port),
    BENCH_REPLY_JSON: replyJson,
  });
  return { process: server, port, readyAt: Number.NaN };
}
