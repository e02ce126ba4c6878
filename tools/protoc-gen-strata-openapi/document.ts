import type { DescFile, DescService } from "@bufbuild/protobuf";
import { compileRoute, type CompiledRoute } from "../../pkg/transport/http/index.js";
import { routesOf } from "../protoc-gen-strata-http/rules.js";
import { commentOf } from "./comments.js";
import { ERROR_BODY_SCHEMA, ERROR_SCHEMA, errorResponses, reasonsOfService, type Reason } from "./errors.js";
import type { JsonObject } from "./json-schema.js";
import { BEARER_SCHEME, operationOf } from "./operation.js";
import { openApiPath, type OpenApiPath } from "./paths.js";
import { SchemaSet } from "./schemas.js";

/** The title and version of a document's `info`. */
export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/**
 * The OpenAPI 3.1 document of some services: an operation per google.api.http
 * rule and additional binding of their unary rpcs (the routes the server
 * registers, from the same rule tables), each tagged with its service; the
 * schemas of the messages they use; error replies per status with the
 * services' and the kit's reasons. Operation ids are the rpc names (a second
 * binding is `Rpc_2`); with several services, one whose rpc name another
 * service also has is prefixed by its service, `Service_Rpc`.
 */
export function openApiDocument(
  services: readonly DescService[],
  files: readonly DescFile[],
  info: DocumentInfo,
): JsonObject {
  const schemas = new SchemaSet();
  const reasons: Reason[] = services.flatMap((s) => reasonsOfService(s, files));
  const errors = errorResponses(reasons);
  const paths = new Map<string, JsonObject>();
  const shapes = new Map<string, string[]>();
  const names = new Map<string, number>();
  for (const s of services) for (const rpc of s.methods) names.set(rpc.name, (names.get(rpc.name) ?? 0) + 1);

  for (const service of services) {
    const serviceCodes = errorCodesOf(reasonsOfService(service, files));
    for (const rpc of service.methods) {
      if (rpc.methodKind !== "unary") continue;
      const base = (names.get(rpc.name) ?? 0) > 1 ? `${service.name}_${rpc.name}` : rpc.name;
      for (const [i, route] of routesOf(rpc).entries()) {
        const compiled: CompiledRoute = compileRoute(route);
        const path = openApiPath(compiled);
        shareNames(path, shapes);
        const key = path.render();
        const item = paths.get(key) ?? {};
        const operationId = i === 0 ? base : `${base}_${i + 1}`;
        item[route.method.toLowerCase()] = operationOf(
          { compiled, path, operationId, errorCodes: serviceCodes },
          schemas,
        );
        paths.set(key, item);
      }
    }
  }

  const tags = services.map((s) => {
    const description = commentOf(s);
    return { name: s.name, ...(description !== undefined ? { description } : {}) };
  });
  return {
    openapi: "3.1.0",
    info: {
      title: info.title,
      version: info.version,
      ...(info.description !== undefined ? { description: info.description } : {}),
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/", description: "The service's REST port." }],
    // Each operation states its own (strata.auth.v1.rule); this is for the others.
    security: [{ [BEARER_SCHEME]: [] }],
    tags,
    paths: Object.fromEntries([...paths.entries()].map(([key, item]) => [key, withCustomMethods(item)])),
    components: {
      schemas: { [ERROR_SCHEMA]: ERROR_BODY_SCHEMA, ...schemas.components() },
      responses: errors,
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A JWT in `Authorization: Bearer <token>`; its `scope` claim grants the scopes operations list.",
        },
      },
    },
  };
}

/** The statuses the reasons map to, in order. */
function errorCodesOf(reasons: readonly Reason[]): number[] {
  return [...new Set(reasons.map((r) => r.code))].sort((a, b) => a - b);
}

/**
 * Routes of one shape (`/v1/books/{name}` and `/v1/books/{book.name}`) are one
 * path in OpenAPI, whose parameters must have the same names: the first
 * route's names are kept, and each operation says which field its parameter sets.
 */
function shareNames(path: OpenApiPath, shapes: Map<string, string[]>): void {
  const first = shapes.get(path.shape);
  if (first === undefined) {
    shapes.set(
      path.shape,
      path.params.map((p) => p.name),
    );
    return;
  }
  for (const [i, param] of path.params.entries()) param.name = first[i] ?? param.name;
}

const OPENAPI_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * OpenAPI 3.1 has fields for the standard HTTP methods only: a custom one
 * (google.api.http `custom`, e.g. SEARCH) goes under `x-<method>` with the
 * same operation, so tools that know no such method skip it.
 */
function withCustomMethods(item: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(item).map(([method, op]) => [OPENAPI_METHODS.has(method) ? method : `x-${method}`, op]),
  );
}
