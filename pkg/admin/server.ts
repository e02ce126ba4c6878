import type { AddressInfo } from "node:net";
import { fastify, type FastifyInstance } from "fastify";
import type { Component } from "../app/component.js";
import type { Health } from "../health/health.js";
import { formatAddr, parseAddr } from "../transport/http/addr.js";
import { addMetricsRoute, type MetricsSource } from "./metrics-route.js";
import { addProfilingRoutes } from "./profiling.js";

/** Options of {@link AdminServer}. */
export interface AdminServerOptions {
  /** Where to listen, `host:port`; never expose it publicly. */
  addr: string;
  /** The health whose liveness and readiness the probes report. */
  health: Health;
  /** Served on `/metrics` for Prometheus; no route without it. */
  metrics?: MetricsSource | undefined;
  /** Serve `/debug/profile` and `/debug/heapsnapshot` (off by default: they pause or slow the process). */
  profiling?: boolean | undefined;
  /** The bearer token `/debug/*` callers must send; required when `profiling` is on. */
  debugToken?: string | undefined;
}

/**
 * The admin HTTP server, on its own port: `/healthz` (liveness: 200 while the
 * event loop turns), `/readyz` (readiness: 200 only while serving with every
 * critical dependency answering, 503 otherwise, with each dependency's state
 * and latency), `/metrics` (Prometheus, when `metrics` is given) and, when
 * `profiling` is on, `/debug/profile` and `/debug/heapsnapshot`. Further
 * admin routes go on `fastify`.
 */
export class AdminServer implements Component {
  readonly name = "admin server";
  /** The fastify instance, for more admin routes. */
  readonly fastify: FastifyInstance;

  constructor(private readonly options: AdminServerOptions) {
    this.fastify = fastify({ forceCloseConnections: true, return503OnClosing: false });
    this.fastify.get("/healthz", async () => ({ status: "ok" }));
    this.fastify.get("/readyz", async (_request, reply) => {
      const report = await options.health.readiness();
      return reply.code(report.ready ? 200 : 503).send(report);
    });
    if (options.metrics !== undefined) addMetricsRoute(this.fastify, options.metrics);
    if (options.profiling === true) addProfilingRoutes(this.fastify, options.debugToken ?? "");
  }

  /** `host:port` the server listens on (the bound port when configured with port 0). */
  get address(): string {
    return formatAddr(this.fastify.server.address() as AddressInfo);
  }

  async start(): Promise<void> {
    const { host, port } = parseAddr(this.options.addr);
    await this.fastify.listen({ host, port });
  }

  /** Closes at once: probes are short and retried, nothing in flight matters. */
  async stop(): Promise<void> {
    await this.fastify.close();
  }
}
