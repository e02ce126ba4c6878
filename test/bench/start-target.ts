// Starting the service under test as the image runs it: compiled, on the
// server CPU, with the run's database (or embedded PGlite) and nothing else
// external (in-process cache and event bus), logging to /dev/null.
import { freePorts, startPinned, waitForOk, type PinnedProcess } from "./processes.js";
import type { BenchTarget, TargetPorts } from "./target.js";
import type { RunningTarget } from "./scenario.js";

/** The target's process and ports, once it is ready. */
export interface StartedTarget {
  readonly process: PinnedProcess;
  readonly ports: TargetPorts;
  /** When its ready path first answered 200 (`performance.now()`). */
  readonly readyAt: number;
}

/** The environment that keeps the target on `databaseUrl` ("" for PGlite) with no Redis or NATS. */
export function targetEnv(target: BenchTarget, ports: TargetPorts, databaseUrl: string): Record<string, string> {
  return { ...target.env(ports), DATABASE_URL: databaseUrl, REDIS_URL: "", NATS_URL: "" };
}

/** Starts `target` on `cpu` and waits until its ready path answers 200. */
export async function startTarget(target: BenchTarget, cpu: number, databaseUrl: string): Promise<StartedTarget> {
  const [http, grpc, admin] = await freePorts(3);
  const ports = { http, grpc, admin } as TargetPorts;
  const server = startPinned(cpu, target.args, targetEnv(target, ports, databaseUrl));
  try {
    const readyAt = await waitForOk(`http://127.0.0.1:${ports.admin}${target.readyPath}`, server);
    return { process: server, ports, readyAt };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Starts `target` and prepares the request the load repeats. */
export async function startPreparedTarget(
  target: BenchTarget,
  cpu: number,
  databaseUrl: string,
): Promise<RunningTarget> {
  const started = await startTarget(target, cpu, databaseUrl);
  try {
    const prepared = await target.prepare(started.ports);
    return { pid: started.process.pid, ports: started.ports, prepared, stop: () => started.process.stop() };
  } catch (err) {
    await started.process.stop();
    throw err;
  }
}
