// What an outsider sees of a server while it stops, each with timestamps
// (`performance.now()`): whether its listeners accept connections, what
// `/readyz` answers, and what grpc.health.v1 reports.
import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { credentials, makeClientConstructor, type Client, type ClientReadableStream } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

/**
 * Runs `probe` every `intervalMs` until stopped, in `lanes` loops at once:
 * each waits for its probe before the next, so a slow server still gets asked
 * by the other lanes meanwhile.
 */
abstract class Poller {
  #stopped = false;
  #loops: Promise<void>[] = [];

  constructor(
    private readonly intervalMs: number,
    private readonly lanes = 1,
  ) {}

  /** Starts polling. */
  start(): this {
    for (let lane = 0; lane < this.lanes; lane++) {
      this.#loops.push(
        (async () => {
          await sleep((this.intervalMs * lane) / this.lanes);
          while (!this.#stopped) {
            await this.probe();
            await sleep(this.intervalMs);
          }
        })(),
      );
    }
    return this;
  }

  /** Stops polling once the probes in hand are done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  protected abstract probe(): Promise<void>;
}

/** Whether a TCP connection to the port on 127.0.0.1 opens (then closes it at once). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** One attempt to open a TCP connection. */
export interface ConnectAttempt {
  readonly start: number;
  readonly end: number;
  readonly open: boolean;
  readonly error?: string;
}

/**
 * Opens (and at once closes) a fresh TCP connection to a port every few ms,
 * to tell when its listener stops accepting.
 */
export class ListenerProbe extends Poller {
  /** Every attempt so far. */
  readonly attempts: ConnectAttempt[] = [];

  constructor(
    private readonly port: number,
    intervalMs = 10,
  ) {
    super(intervalMs);
  }

  /** The start of the last attempt that connected: the listener was open at least until then. */
  get lastOpen(): number | undefined {
    return this.attempts.findLast((a) => a.open)?.start;
  }

  /** The end of the first attempt that was refused: the listener was closed by then. */
  get firstRefused(): number | undefined {
    return this.attempts.find((a) => !a.open)?.end;
  }

  /** Whether any attempt connected after one had been refused (a listener must not come back). */
  get reopened(): boolean {
    const refused = this.attempts.findIndex((a) => !a.open);
    return refused !== -1 && this.attempts.slice(refused).some((a) => a.open);
  }

  protected probe(): Promise<void> {
    const start = performance.now();
    return new Promise((resolve) => {
      const socket = connect({ host: "127.0.0.1", port: this.port });
      socket.once("connect", () => {
        this.attempts.push({ start, end: performance.now(), open: true });
        socket.destroy();
        resolve();
      });
      socket.once("error", (err: NodeJS.ErrnoException) => {
        this.attempts.push({ start, end: performance.now(), open: false, error: err.code ?? err.message });
        resolve();
      });
    });
  }
}

/** One answer of `/readyz` (or why there was none). */
export interface ReadinessAnswer {
  readonly sent: number;
  readonly received: number;
  /** The HTTP status, or the connection error's code. */
  readonly status: number | string;
  /** The App state the report names (`SERVING`, `NOT_SERVING`, ...). */
  readonly state?: string;
}

/**
 * Asks the admin port's `/readyz` over a few keep-alive connections at once,
 * as a load balancer's health checker does, so that however slowly the server
 * answers, a question is waiting for it whenever it reads.
 */
export class ReadinessPoller extends Poller {
  /** Every answer so far. */
  readonly answers: ReadinessAnswer[] = [];
  readonly #agent: Agent;

  constructor(
    private readonly adminUrl: string,
    lanes = 8,
    intervalMs = 10,
  ) {
    super(intervalMs, lanes);
    this.#agent = new Agent({ keepAlive: true, maxSockets: lanes });
  }

  /** Stops polling and closes the connections. */
  override async stop(): Promise<void> {
    await super.stop();
    this.#agent.destroy();
  }

  /** The first answer with `status` (and `state`, when given) to arrive. */
  first(status: number, state?: string): ReadinessAnswer | undefined {
    return this.answers.find((a) => a.status === status && (state === undefined || a.state === state));
  }

  protected probe(): Promise<void> {
    const sent = performance.now();
    return new Promise((resolve) => {
      const req = httpRequest(`${this.adminUrl}/readyz`, { agent: this.#agent });
      req.setTimeout(5_000, () => req.destroy(new Error("timeout")));
      req.once("error", (err: NodeJS.ErrnoException) => {
        this.answers.push({ sent, received: performance.now(), status: err.code ?? err.message });
        resolve();
      });
      req.once("response", (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.once("end", () => {
          this.answers.push({ sent, received: performance.now(), status: res.statusCode ?? 0, state: stateOf(body) });
          resolve();
        });
      });
      req.end();
    });
  }
}

function stateOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { state?: string }).state;
  } catch {
    return undefined;
  }
}

/** A grpc.health.v1 serving status as the grpc-health-check service definition decodes it. */
export type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";

interface HealthClient extends Client {
  check(
    request: { service: string },
    options: { deadline: number },
    callback: (err: Error | null, reply?: { status: ServingStatus }) => void,
  ): void;
  watch(request: { service: string }): ClientReadableStream<{ status: ServingStatus }>;
}

/** A status a health client received, and when it asked for it (a Check) or when it came (a Watch). */
export interface HealthUpdate {
  readonly sent?: number;
  readonly at: number;
  readonly status: ServingStatus;
}

/** How a Watch stream ended. */
export interface WatchEnd {
  readonly at: number;
  readonly code: number;
  readonly details: string;
}

const HealthClientConstructor = makeClientConstructor(healthService, "grpc.health.v1.Health");

/**
 * grpc.health.v1 as a load balancer sees it: one Watch stream of the whole
 * server ("") on its own channel, plus a Check every few ms on another.
 */
export class GrpcHealthObserver extends Poller {
  /** Each status the Watch stream sent. */
  readonly watched: HealthUpdate[] = [];
  /** Each Check answer; failed Checks are left out. */
  readonly checked: HealthUpdate[] = [];
  /** How the Watch stream ended, once it has. */
  watchEnd: WatchEnd | undefined;
  readonly #watchClient: HealthClient;
  readonly #checkClient: HealthClient;
  #watchEnded: Promise<void> = Promise.resolve();

  constructor(address: string, lanes = 8, intervalMs = 10) {
    super(intervalMs, lanes);
    const options = { "grpc.use_local_subchannel_pool": 1 };
    this.#watchClient = new HealthClientConstructor(
      address,
      credentials.createInsecure(),
      options,
    ) as unknown as HealthClient;
    this.#checkClient = new HealthClientConstructor(
      address,
      credentials.createInsecure(),
      options,
    ) as unknown as HealthClient;
  }

  /** Opens the Watch stream and starts the Checks; resolves once the stream has sent its first status. */
  async watch(): Promise<this> {
    const stream = this.#watchClient.watch({ service: "" });
    const first = new Promise<void>((resolve, reject) => {
      stream.on("data", (reply: { status: ServingStatus }) => {
        this.watched.push({ at: performance.now(), status: reply.status });
        resolve();
      });
      stream.once("error", reject);
    });
    this.#watchEnded = new Promise((resolve) => {
      stream.once("status", (status: { code: number; details: string }) => {
        this.watchEnd = { at: performance.now(), code: status.code, details: status.details };
        resolve();
      });
    });
    stream.on("error", () => undefined); // the end is recorded from "status"
    await first;
    this.start();
    return this;
  }

  /** When a client first saw `status`, by Watch and by Check. */
  firstSeen(status: ServingStatus): { watch: number | undefined; check: number | undefined } {
    return {
      watch: this.watched.find((u) => u.status === status)?.at,
      check: this.checked.find((u) => u.status === status)?.at,
    };
  }

  /** Resolves once the Watch stream has ended, or after `timeoutMs`. */
  async watchEnded(timeoutMs: number): Promise<WatchEnd | undefined> {
    await Promise.race([this.#watchEnded, sleep(timeoutMs)]);
    return this.watchEnd;
  }

  /** Stops the Checks and closes both channels. */
  async close(): Promise<void> {
    await this.stop();
    this.#watchClient.close();
    this.#checkClient.close();
  }

  protected probe(): Promise<void> {
    const sent = performance.now();
    return new Promise((resolve) => {
      this.#checkClient.check({ service: "" }, { deadline: Date.now() + 5_000 }, (err, reply) => {
        if (!err && reply) this.checked.push({ sent, at: performance.now(), status: reply.status });
        resolve();
      });
    });
  }
}
