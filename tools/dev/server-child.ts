import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

/** How the dev loop runs the service. */
export interface ServerCommand {
  /** Node's arguments: flags (--import tsx, --inspect, ...), the entry point and its own flags. */
  readonly args: readonly string[];
  /** The admin server's /readyz URL, polled to know when a start has finished. */
  readonly readyUrl: string;
  /** How long a graceful stop may take before the process is killed, in ms. */
  readonly stopTimeoutMs: number;
}

/** How a start ended: ready, or the process exited first (a compile error, a failed start). */
export type StartOutcome =
  { readonly ready: true; readonly ms: number } | { readonly ready: false; readonly code: number | null };

/**
 * The service as one child process at a time, sharing this terminal. A start
 * resolves once /readyz answers 200 or the process has exited; a stop is the
 * App's own graceful stop (SIGTERM), the process killed only past the stop timeout.
 */
export class ServerChild {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> | undefined;

  constructor(private readonly command: ServerCommand) {}

  /** Starts the service and waits until it is ready or has exited. */
  async start(): Promise<StartOutcome> {
    const started = performance.now();
    // Its own process group: a Ctrl-C in the terminal reaches the loop only, which stops
    // the service once (a second signal would make the App exit at once).
    const child = spawn(process.execPath, this.command.args, {
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    this.child = child;
    this.exited = once(child, "exit");
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) return { ready: false, code: child.exitCode };
      if (await this.answersReady()) return { ready: true, ms: Math.round(performance.now() - started) };
      await Promise.race([sleep(20), this.exited]);
    }
  }

  /** Stops the service, if it runs, and waits until its process has exited. */
  async stop(): Promise<void> {
    const { child, exited } = this;
    this.child = undefined;
    if (!child || !exited || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), this.command.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private async answersReady(): Promise<boolean> {
    try {
      const response = await fetch(this.command.readyUrl, { signal: AbortSignal.timeout(500) });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }
}
