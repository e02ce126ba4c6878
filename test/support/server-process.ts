import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LineWaiters } from "./line-waiters.js";
import { testBrokerEnv } from "./broker-env.js";
import { testDatabase } from "./database-url.js";
import { TEST_HOOKS_ENV, type TestHooks } from "./test-hooks.js";

/** The repository root: the server process runs from here, as `make run` does. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One JSON log line of the server, with when this process read it (`performance.now()`). */
export interface LogLine {
  readonly at: number;
  readonly level: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** How the server process ended, and when this process saw it end (`performance.now()`). */
export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

/** The ports a server process listens on. */
export interface ServerPorts {
  readonly http: number;
  readonly grpc: number;
  readonly admin: number;
}

/**
 * Free loopback ports, found by binding port 0 and closing again. All are held
 * until each is known, so one call never returns the same port twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, resolve);
      });
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** A loopback port held by this process, so that a server cannot bind it. */
export interface HeldPort {
  readonly port: number;
  release(): Promise<void>;
}

/** Binds a free loopback port and keeps it until released. */
export async function holdPort(): Promise<HeldPort> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every server process not yet known to have exited, so a failed test still ends them (see {@link killAll}). */
const alive = new Set<ServerProcess>();

/** Ends every server process this test file started that is still running (for afterEach/afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all([...alive].map((server) => server.kill()));
}

/** How {@link ServerProcess.spawn} starts the server. */
export interface SpawnOptions {
  /** Ports to listen on (a test that holds one first); the others are free ones. */
  ports?: Partial<ServerPorts>;
  /** Test-only behaviour to wire in: the process then runs test/support/server-main.ts instead of cmd/server/main.ts. */
  hooks?: TestHooks;
}

/**
 * The real server, `node --import tsx cmd/server/main.ts --conf configs/config.yaml`,
 * as its own process on free loopback ports, its JSON log lines read from
 * standard output as they come. It gets a database of its own (PGlite, or a
 * fresh PostgreSQL schema when DATABASE_URL is set) and its own cache key
 * prefix and event stream; `env` overrides config values (DRAIN_DELAY, ...).
 */
export class ServerProcess {
  /** Every log line so far. */
  readonly logs: LogLine[] = [];
  /** Standard error so far (a crash's stack, a config error). */
  stderr = "";
  /** Resolves when the process has exited. */
  readonly exited: Promise<ServerExit>;
  #exit: ServerExit | undefined;
  readonly #child: ChildProcess;
  readonly #cleanup: () => Promise<void>;
  readonly #waiters = new LineWaiters<LogLine>({
    lines: () => this.logs,
    ended: () => (this.#exit === undefined ? undefined : `server exited (${describeExit(this.#exit)}) first`),
    failure: (problem) => new Error(`${problem}\n${this.output()}`),
  });

  private constructor(
    /** The ports it was told to listen on. */
    readonly ports: ServerPorts,
    child: ChildProcess,
    cleanup: () => Promise<void>,
  ) {
    this.#child = child;
    this.#cleanup = cleanup;
    alive.add(this);
    let partial = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const at = performance.now();
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const text of lines) if (text.trim() !== "") this.logs.push(parseLine(text, at));
      this.#notify();
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    child.once("error", (err) => {
      this.stderr += `spawn failed: ${err.message}\n`;
    });
    // "close", not "exit": by then every line it wrote has been read.
    this.exited = new Promise((resolve) => {
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
        this.#exit = { code, signal, at: performance.now() };
        alive.delete(this);
        resolve(this.#exit);
        this.#notify();
      });
    });
  }

  /**
   * Spawns the server; it is not serving yet (see {@link ready}).
   */
  static async spawn(env: Record<string, string> = {}, options: SpawnOptions = {}): Promise<ServerProcess> {
    const [http, grpc, admin] = await freePorts(3);
    const bound: ServerPorts = { http: http!, grpc: grpc!, admin: admin!, ...options.ports };
    const database = await testDatabase();
    const brokers = testBrokerEnv();
    const entry = options.hooks === undefined ? "cmd/server/main.ts" : "test/support/server-main.ts";
    const hooks = options.hooks === undefined ? {} : { [TEST_HOOKS_ENV]: JSON.stringify(options.hooks) };
    const child = spawn(process.execPath, ["--import", "tsx", entry, "--conf", "configs/config.yaml"], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...brokers.env,
        HTTP_ADDR: `127.0.0.1:${bound.http}`,
        GRPC_ADDR: `127.0.0.1:${bound.grpc}`,
        ADMIN_ADDR: `127.0.0.1:${bound.admin}`,
        LOG_LEVEL: "info",
        LOG_FORMAT: "json",
        DATABASE_URL: database.url,
        ...hooks,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const cleanup = async (): Promise<void> => {
      await Promise.allSettled([database.drop(), brokers.drop()]);
    };
    return new ServerProcess(bound, child, cleanup);
  }

  /** Spawns the server and waits until it logs "serving". */
  static async start(
    env: Record<string, string> = {},
    timeoutMs = 60_000,
    options: SpawnOptions = {},
  ): Promise<ServerProcess> {
    const server = await ServerProcess.spawn(env, options);
    try {
      await server.ready(timeoutMs);
    } catch (err) {
      await server.kill();
      throw err;
    }
    return server;
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** How the process ended; undefined while it runs. */
  get exit(): ServerExit | undefined {
    return this.#exit;
  }

  /** e.g. `http://127.0.0.1:41234` */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  /** e.g. `127.0.0.1:41235` */
  get grpcAddress(): string {
    return `127.0.0.1:${this.ports.grpc}`;
  }

  /** e.g. `http://127.0.0.1:41236` */
  get adminUrl(): string {
    return `http://127.0.0.1:${this.ports.admin}`;
  }

  /** Resolves once the server logs "serving"; rejects, with its output, if it exits first or takes too long. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await this.waitForLog((line) => line.msg === "serving", timeoutMs);
  }

  /**
   * The first log line (already read or still to come) that `match` accepts.
   * Rejects, quoting the output so far, when the process exits without one or
   * after `timeoutMs`.
   */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    return this.#waiters.waitFor(match, timeoutMs, "log line");
  }

  /** Sends `signal` to the process; returns when (`performance.now()`). */
  signal(signal: NodeJS.Signals): number {
    const at = performance.now();
    this.#child.kill(signal);
    return at;
  }

  /**
   * Waits for the process to exit; rejects after `timeoutMs` (the process is
   * left running: the caller's afterEach ends it).
   */
  async waitForExit(timeoutMs: number): Promise<ServerExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`server still running ${timeoutMs}ms later\n${this.output()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the process with SIGKILL if it still runs, and drops its test data. */
  async kill(): Promise<void> {
    if (this.#exit === undefined) this.#child.kill("SIGKILL");
    await this.exited;
    await this.#cleanup();
  }

  /** The log lines at `level` (e.g. "error"). */
  linesAt(level: string): LogLine[] {
    return this.logs.filter((line) => line.level === level);
  }

  /** Standard output and error so far, for failure messages. */
  output(): string {
    const stdout = this.logs.map((line) => JSON.stringify({ ...line.fields, msg: line.msg })).join("\n");
    return `--- server stdout\n${stdout}\n--- server stderr\n${this.stderr}`;
  }

  #notify(): void {
    this.#waiters.notify();
  }
}

function parseLine(text: string, at: number): LogLine {
  try {
    const fields = JSON.parse(text) as Record<string, unknown>;
    return { at, level: String(fields["level"] ?? ""), msg: String(fields["msg"] ?? ""), fields };
  } catch {
    return { at, level: "", msg: text, fields: {} };
  }
}

/** e.g. "code 1" or "signal SIGKILL". */
export function describeExit(exit: ServerExit): string {
  return exit.signal === null ? `code ${exit.code}` : `signal ${exit.signal}`;
}
