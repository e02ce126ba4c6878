import type { StaticDocumentSpec } from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Logger } from "../../pkg/log/logger.js";
import type { HttpServer } from "../../pkg/transport/http/index.js";

/** Where the merged OpenAPI document of every API (`make api`) is, from here in src and in dist alike. */
export const API_DOCUMENT_URL = new URL("../../api/openapi.json", import.meta.url);

/** The path of the OpenAPI document on the HTTP port. */
export const DOCUMENT_PATH = "/openapi.json";

/** The path of the docs page (Swagger UI) on the HTTP port. */
export const DOCS_PATH = "/docs";

/** An OpenAPI document as @fastify/swagger takes it. */
type ApiDocument = StaticDocumentSpec["document"];

/** Response headers the outer server sets itself for the body it sends. */
const HOP_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);

/**
 * The docs app: the document at DOCUMENT_PATH, and Swagger UI at DOCS_PATH
 * (@fastify/swagger in static mode, @fastify/swagger-ui), never listening.
 */
async function newDocsApp(url: URL): Promise<FastifyInstance> {
  // Written by protoc-gen-strata-openapi and checked by redocly in `make lint`.
  const document = JSON.parse(await readFile(url, "utf8")) as ApiDocument;
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
    import("@fastify/swagger"),
    import("@fastify/swagger-ui"),
  ]);
  const app = Fastify({ logger: false });
  await app.register(swagger, { mode: "static", specification: { document } });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH, uiConfig: { deepLinking: true } });
  const body = JSON.stringify(document);
  app.get(DOCUMENT_PATH, (_request, reply) => {
    void reply.type("application/json; charset=utf-8").send(body);
  });
  await app.ready();
  return app;
}

/**
 * Serves the API document at `GET /openapi.json` and renders it at `/docs`.
 * The docs app is built on the first request for either and kept: its
 * libraries cost the start nothing. With no document (no API, or `make api`
 * not run) neither path is served, which is logged once at start.
 */
export function serveApiDocs(server: HttpServer, logger: Logger, url: URL = API_DOCUMENT_URL): void {
  if (!existsSync(url)) {
    logger.warn({ document: url.pathname }, `no API document: ${DOCUMENT_PATH} and ${DOCS_PATH} are not served`);
    return;
  }
  let docsApp: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    docsApp ??= newDocsApp(url);
    const answer = await (await docsApp).inject({ method: "GET", url: request.url, headers: request.headers });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_HEADERS.has(name)) void reply.header(name, value);
    }
    await reply.code(answer.statusCode).send(answer.rawPayload);
  };
  for (const path of [DOCUMENT_PATH, DOCS_PATH, `${DOCS_PATH}/*`]) server.fastify.get(path, forward);
}
