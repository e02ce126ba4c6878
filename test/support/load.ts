// Clients that keep a server busy through its stop, and the rule that tells a
// request the server accepted and then lost from one it never accepted.
//
// REST (HTTP/1.1 keep-alive, node:http Agent, one connection per client):
//   - refused: the connect failed with ECONNREFUSED. Nothing was sent; the
//     listener was closed. This is how a client learns the server has gone.
//   - ok: status 200 and a complete JSON body that is the note asked for.
//   - lost: anything else. A 5xx, a timeout, and also a connection closed or
//     reset after the request was written and before a complete reply, even on
//     a reused keep-alive connection: HTTP/1.1 cannot tell the client whether
//     the server read such a request, so a server that stops gracefully must
//     never close a connection a request may be travelling on (it answers with
//     `Connection: close` instead, or closes only connections that are idle).
//
// gRPC (HTTP/2, the generated FixtureServiceClient over GrpcConn, one channel and
// connection per client):
//   - refused: UNAVAILABLE raised by the channel before the call reached the
//     service: "No connection established" (the connect failed; the listener
//     was closed) or "Stream refused by server" (RST_STREAM REFUSED_STREAM or a
//     stream past the GOAWAY's last stream id: HTTP/2 guarantees the server
//     did not process it).
//   - ok: the reply, the note asked for.
//   - lost: anything else: INTERNAL, "Connection dropped", CANCELLED,
//     DEADLINE_EXCEEDED, any UNAVAILABLE after the stream was accepted.
//
// Each client stops at its first refusal: a closed listener never reopens.
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { StatusObject } from "@grpc/grpc-js";
import { FixtureServiceClient } from "../../tools/testdata/fixture/v1/fixture_grpc.js";
import type { Note } from "../../tools/testdata/fixture/v1/fixture_pb.js";
import { grpcCodeName, isStrataError } from "../../pkg/errors/index.js";
import { GrpcConn } from "../../pkg/transport/grpc/index.js";

/** Which API transport a call used. */
export type Transport = "rest" | "grpc";

/** What became of a call (see the rule at the top of this file). */
export type Verdict = "ok" | "refused" | "lost";

/** One call a load client made. Times are `performance.now()`. */
export interface CallRecord {
  readonly transport: Transport;
  readonly op: "create" | "get";
  readonly client: number;
  readonly start: number;
  readonly end: number;
  readonly verdict: Verdict;
  /** Why it was refused or lost. */
  readonly detail: string;
}

/** Options of {@link Load}. */
export interface LoadOptions {
  /** Concurrent clients per transport. */
  readonly clients: number;
  /** A call not answered within this many ms is lost. */
  readonly callTimeoutMs: number;
  /** Request headers (gRPC metadata) sent with every call. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A pause, in ms, after each of a client's calls. */
  readonly pauseMs: number;
}

/** Where the load goes. */
export interface LoadTarget {
  readonly httpUrl: string;
  readonly grpcAddress: string;
}

const LOAD_DEFAULTS: LoadOptions = { clients: 50, callTimeoutMs: 15_000, pauseMs: 0 };

/**
 * `clients` REST and `clients` gRPC clients of the fixture service (serve it
 * with the `fixture` test hook), each calling CreateNote then GetNote of what it created, back to back on its own keep-alive connection,
 * until it is refused or {@link stop} is called.
 */
export class Load {
  /** Every call made so far. */
  readonly records: CallRecord[] = [];
  readonly #options: LoadOptions;
  #stopping = false;
  #running: Promise<void> | undefined;

  /** Clients for `target`; none runs until {@link start}. */
  constructor(
    private readonly target: LoadTarget,
    options: Partial<LoadOptions> = {},
  ) {
    this.#options = { ...LOAD_DEFAULTS, ...options };
  }

  /** Starts every client. */
  start(): this {
    const clients: Promise<void>[] = [];
    for (let i = 0; i < this.#options.clients; i++) {
      clients.push(this.#run("rest", i, restCaller(this.target.httpUrl, this.#options)));
      clients.push(this.#run("grpc", i, grpcCaller(this.target.grpcAddress, this.#options)));
    }
    this.#running = Promise.all(clients).then(() => undefined);
    return this;
  }

  /** Resolves once every client has been refused (or stopped). */
  get finished(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  /** Lets each client finish the call in hand, then stops it. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.finished;
  }

  /** The calls of `transport` (both when omitted) with `verdict`. */
  count(verdict: Verdict, transport?: Transport, since = -Infinity): number {
    return this.records.filter(
      (r) => r.verdict === verdict && (transport === undefined || r.transport === transport) && r.start >= since,
    ).length;
  }

  /** How many calls of `transport` begun before `t` and ended after it were answered. */
  inFlightAt(t: number, transport: Transport): number {
    return this.records.filter((r) => r.transport === transport && r.verdict === "ok" && r.start < t && r.end > t)
      .length;
  }

  /** How many clients of `transport` have had at least one call answered. */
  clientsServed(transport: Transport): number {
    return new Set(this.records.filter((r) => r.transport === transport && r.verdict === "ok").map((r) => r.client))
      .size;
  }

  /** The calls lost, for a failure message. */
  lost(): CallRecord[] {
    return this.records.filter((r) => r.verdict === "lost");
  }

  async #run(transport: Transport, client: number, caller: Caller): Promise<void> {
    let id: string | undefined;
    try {
      while (!this.#stopping) {
        const op = id === undefined ? "create" : "get";
        const title = `load ${transport} ${client}`;
        const start = performance.now();
        const result = op === "create" ? await caller.create(title) : await caller.get(id!);
        const end = performance.now();
        if (result.verdict === "ok" && result.note.title !== title) {
          result.verdict = "lost";
          result.detail = `wrong note: ${JSON.stringify(result.note)}`;
        }
        this.records.push({ transport, op, client, start, end, verdict: result.verdict, detail: result.detail });
        if (result.verdict === "refused") return;
        id = op === "create" && result.verdict === "ok" ? result.note.id : undefined;
        if (this.#options.pauseMs > 0) await sleep(this.#options.pauseMs);
      }
    } finally {
      caller.close();
    }
  }
}

interface CallResult {
  verdict: Verdict;
  detail: string;
  note: { id: string; title: string };
}

interface Caller {
  create(title: string): Promise<CallResult>;
  get(id: string): Promise<CallResult>;
  close(): void;
}

const NO_NOTE = { id: "", title: "" };

/** One REST client: its own keep-alive connection. */
function restCaller(baseUrl: string, options: LoadOptions): Caller {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, path: string, body?: unknown): Promise<CallResult> =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { ...options.headers };
      if (payload !== undefined) headers["content-type"] = "application/json";
      const req = httpRequest(`${baseUrl}${path}`, { method, agent, headers });
      req.setTimeout(options.callTimeoutMs, () => req.destroy(new Error(`no reply within ${options.callTimeoutMs}ms`)));
      req.once("error", (err: NodeJS.ErrnoException) => {
        const verdict = err.code === "ECONNREFUSED" ? "refused" : "lost";
        const how = req.reusedSocket ? "reused connection" : "new connection";
        resolve({ verdict, detail: `${err.code ?? ""} ${err.message} (${how})`, note: NO_NOTE });
      });
      req.once("response", (res: IncomingMessage) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.once("error", (err: NodeJS.ErrnoException) =>
          resolve({ verdict: "lost", detail: `reply cut short: ${err.code ?? ""} ${err.message}`, note: NO_NOTE }),
        );
        res.once("aborted", () => resolve({ verdict: "lost", detail: "reply cut short: aborted", note: NO_NOTE }));
        res.once("end", () => {
          if (res.statusCode !== 200) {
            resolve({ verdict: "lost", detail: `HTTP ${res.statusCode}: ${text.slice(0, 200)}`, note: NO_NOTE });
            return;
          }
          try {
            const note = JSON.parse(text) as { id?: string; title?: string };
            resolve({ verdict: "ok", detail: "", note: { id: note.id ?? "", title: note.title ?? "" } });
          } catch {
            resolve({
              verdict: "lost",
              detail: `HTTP 200 with a body that is not JSON: ${text.slice(0, 200)}`,
              note: NO_NOTE,
            });
          }
        });
      });
      req.end(payload);
    });
  return {
    create: (title) => call("POST", "/v1/notes", { title }),
    get: (id) => call("GET", `/v1/notes/${encodeURIComponent(id)}`),
    close: () => agent.destroy(),
  };
}

/** One gRPC client: its own channel and connection (a local subchannel pool), kept open between calls. */
function grpcCaller(address: string, options: LoadOptions): Caller {
  const conn = new GrpcConn(address, { grpcOptions: { "grpc.use_local_subchannel_pool": 1 } });
  const client = new FixtureServiceClient(conn);
  const call = async (run: () => Promise<Note>): Promise<CallResult> => {
    try {
      const note = await run();
      return { verdict: "ok", detail: "", note: { id: note.id, title: note.title } };
    } catch (err) {
      const status = isStrataError(err) ? (err.cause as Partial<StatusObject> | undefined) : undefined;
      if (status?.code === undefined) return { verdict: "lost", detail: String(err), note: NO_NOTE };
      const detail = `${grpcCodeName(status.code)}: ${status.details ?? ""}`;
      return {
        verdict: isRefusedBeforeAccept(status.code, status.details ?? "") ? "refused" : "lost",
        detail,
        note: NO_NOTE,
      };
    }
  };
  const callOptions = { timeout: options.callTimeoutMs, headers: options.headers };
  return {
    create: (title) => call(() => client.createNote({ note: { title } }, callOptions)),
    get: (id) => call(() => client.getNote({ id }, callOptions)),
    close: () => conn.close(),
  };
}

const UNAVAILABLE = 14;

/** The gRPC rule at the top of this file: UNAVAILABLE from the channel before the server took the stream. */
export function isRefusedBeforeAccept(code: number, details: string): boolean {
  return code === UNAVAILABLE && /^(No connection established|Stream refused by server)/.test(details);
}
