import type { FastifyInstance } from "fastify";

/** What `/metrics` serves: a Prometheus text exposition (pkg/metrics `Metrics` is one). */
export interface MetricsSource {
  /** The exposition's Content-Type. */
  readonly contentType: string;
  /** The current exposition. */
  exposition(): Promise<string>;
}

/** Serves `GET /metrics` on the admin server for Prometheus to scrape. */
export function addMetricsRoute(app: FastifyInstance, source: MetricsSource): void {
  app.get("/metrics", async (_request, reply) => reply.type(source.contentType).send(await source.exposition()));
}
