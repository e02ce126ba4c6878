import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../pkg/transport/http/index.js";
import {
  mostSpecific,
  operationsOf,
  pathMatches,
  readOpenApi,
  type DocumentOperation,
} from "../../test/support/openapi.js";
import { libraryServer } from "../testdata/library/library-server.js";
import { LibraryServiceHttpRoutes } from "../testdata/library/v1/library_http.js";

// The library's document against the server that serves the library's
// generated routes: each operation of the document reaches its rpc, and each
// route the server registers is an operation of the document.
const doc = readOpenApi("tools/testdata/library/v1/library_service.openapi.json");
const operations = operationsOf(doc);

/** The rpc an operation documents: its id less the binding's suffix. */
const rpcOf = (o: DocumentOperation): string => o.operation.operationId.replace(/_\d+$/, "");
const lowerFirst = (name: string): string => name[0]?.toLowerCase() + name.slice(1);

interface DocParam {
  name: string;
  in: string;
  "x-strata-segments"?: string;
}

/** A request path for an OpenAPI path: a one-segment value per parameter, two segments where it may span several. */
function samplePath(o: DocumentOperation): string {
  const params = (o.operation as unknown as { parameters?: DocParam[] }).parameters ?? [];
  return o.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = params.find((x) => x.in === "path" && x.name === name);
    return p?.["x-strata-segments"] === "many" ? "a/b" : `${name}-1`;
  });
}

/** A request path for a route's template: a value per `*`, two segments for `**`. */
function templatePath(source: string): string {
  const template = parseTemplate(source);
  const parts = template.segments.map((s, i) =>
    s.kind === "literal" ? s.value : s.kind === "wildcard" ? `w${i}` : "d/e",
  );
  return `/${parts.join("/")}${template.verb !== undefined ? `:${template.verb}` : ""}`;
}

/** A body of the right JSON type for the operation: `[]` for an array body, else `{}`. */
function sampleBody(o: DocumentOperation): unknown {
  const body = (o.operation as unknown as { requestBody?: { content: Record<string, { schema: { type?: string } }> } })
    .requestBody;
  if (body === undefined) return undefined;
  return body.content["application/json"]?.schema.type === "array" ? [] : {};
}

describe("the library's OpenAPI document and its server", () => {
  it("reaches, for every operation of the document, the rpc it names", async () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const o of operations) {
      const library = libraryServer();
      const reply = await library.send(o.method, samplePath(o), sampleBody(o));
      expect(reply.status, `${o.method} ${o.path}: ${JSON.stringify(reply.json)}`).toBe(200);
      expect(library.calls.map((c) => c.rpc)).toEqual([lowerFirst(rpcOf(o))]);
      await library.server.fastify.close();
    }
  });

  it("documents every route the server registers, with its rpc, once", () => {
    expect(LibraryServiceHttpRoutes.length).toBe(operations.length);
    for (const route of LibraryServiceHttpRoutes) {
      const path = templatePath(route.path);
      const deep = new Set(
        operations.flatMap((o) =>
          ((o.operation as unknown as { parameters?: DocParam[] }).parameters ?? [])
            .filter((p) => p.in === "path" && p["x-strata-segments"] === "many")
            .map((p) => p.name),
        ),
      );
      const matching = operations.filter((o) => o.method === route.method && pathMatches(o.path, path, deep));
      const best = mostSpecific(matching);
      expect(best, `${route.method} ${route.path}`).toBeDefined();
      expect(best === undefined ? undefined : rpcOf(best)).toBe(route.rpc.name);
    }
  });
});
