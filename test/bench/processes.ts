// The processes of `make bench`: servers started under the Node.js running the
// bench, pinned to one CPU with taskset, and what /proc says about them.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The repository root: servers run from here. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** /proc reports CPU times in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
const TICKS_PER_SECOND = 100;

/** A server process pinned to one CPU. */
export interface PinnedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** When it was spawned (`performance.now()`). */
  readonly spawnedAt: number;
  stop(): Promise<void>;
}

/** Runs `node <args>` on `cpu` (taskset execs node, so the pid is node's), stdout to /dev/null, stderr shown. */
export function startPinned(
  cpu: number,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): PinnedProcess {
  const spawnedAt = performance.now();
  const child = spawn("taskset", ["-c", String(cpu), process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${args.join(" ")}`);
  return { pid: child.pid, child, spawnedAt, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** Free loopback ports, all held until each is known so none repeats. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer().listen(0, "127.0.0.1");
      await once(server, "listening");
      servers.push(server);
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * Polls `url` every `everyMs` until it answers 200 and returns when that
 * answer arrived (`performance.now()`); throws if `server` exits first or
 * after `timeoutMs`.
 */
export async function waitForOk(url: string, server: PinnedProcess, everyMs = 2, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`the server exited (${server.child.exitCode}) before ${url} answered`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** The CPU time (user + system, all threads) the process has used so far, in seconds. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14 and 15)
}

/** The process's resident set size now, in bytes. */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) * 1024;
}
