import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server or nats-server of the test's own, on a free port, that the
 * test may stop and restart (on the same port, with the same data directory)
 * without touching the machine's shared servers.
 */
export class PrivateServer {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), "strata-private-"));

  private constructor(
    private readonly command: string,
    private readonly args: (dir: string) => string[],
    /** The port it listens on. */
    readonly port: number,
    private readonly scheme: string,
  ) {}

  /** A private Redis (no persistence). */
  static async redis(): Promise<PrivateServer> {
    const port = await freePort();
    return new PrivateServer(
      "redis-server",
      () => ["--port", String(port), "--save", "", "--appendonly", "no"],
      port,
      "redis",
    );
  }

  /** A private NATS with JetStream, its store in a temporary directory that survives restarts. */
  static async nats(): Promise<PrivateServer> {
    const port = await freePort();
    return new PrivateServer(
      "nats-server",
      (dir) => ["-js", "-p", String(port), "-a", "127.0.0.1", "-sd", dir],
      port,
      "nats",
    );
  }

  /** e.g. `nats://127.0.0.1:41234` */
  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    this.child = spawn(this.command, this.args(this.dir), { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (Date.now() > deadline) throw new Error(`${this.command} did not start on port ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL) and resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops it for good and removes its data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
