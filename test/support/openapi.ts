import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** An OpenAPI document as read from JSON. */
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, unknown>>;
    readonly responses: Readonly<Record<string, unknown>>;
  };
}

/** The parts of an OpenAPI operation the tests read. */
export interface Operation {
  readonly operationId: string;
  readonly responses: Readonly<Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>>;
}

/** One operation of a document: its HTTP method (custom ones unwrapped from `x-`), path and operation. */
export interface DocumentOperation {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

/** Reads a generated document (a path relative to the repository root). */
export function readOpenApi(path: string): OpenApiDocument {
  return JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as OpenApiDocument;
}

/** Every operation of a document. */
export function operationsOf(doc: OpenApiDocument): DocumentOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([key, operation]) => ({
      method: key.replace(/^x-/, "").toUpperCase(),
      path,
      operation,
    })),
  );
}

/**
 * Whether a request path matches an OpenAPI path: each `{param}` one segment
 * (or, when the document marks it as several, any), literals as they are.
 */
export function pathMatches(template: string, path: string, deepParams: ReadonlySet<string> = new Set()): boolean {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part)?.[1];
      if (param === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return deepParams.has(param) ? ".+" : "[^/]+";
    })
    .join("");
  return new RegExp(`^${pattern}$`).test(path);
}

/**
 * Checks replies against a document's response schemas with ajv (JSON Schema
 * 2020-12, OpenAPI 3.1's dialect; formats checked): `check` throws, naming
 * the operation and each violation, when a reply does not match the schema
 * of its operation and status.
 */
export class ResponseChecker {
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #operations: DocumentOperation[];

  constructor(private readonly doc: OpenApiDocument) {
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.#ajv);
    for (const format of ["int32", "int64", "uint32", "uint64", "float", "double", "byte"])
      this.#ajv.addFormat(format, true);
    this.#ajv.addSchema({ $id: "doc", components: doc.components });
    this.#operations = operationsOf(doc);
  }

  /** The operation that serves a request, by method and path. */
  operationFor(method: string, path: string): DocumentOperation | undefined {
    return mostSpecific(this.#operations.filter((o) => o.method === method.toUpperCase() && pathMatches(o.path, path)));
  }

  /** Throws unless `body` is valid for the operation serving `method path` at `status`. */
  check(method: string, path: string, status: number, body: unknown): void {
    const found = this.operationFor(method, path);
    if (found === undefined) throw new Error(`the API document has no operation for ${method} ${path}`);
    const validate = this.#validator(found, status);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
      throw new Error(
        `${found.operation.operationId} ${status} reply does not match the API document: ${problems}\n${JSON.stringify(body)}`,
      );
    }
  }

  #validator(found: DocumentOperation, status: number): ValidateFunction {
    const key = `${found.method} ${found.path} ${status}`;
    let validate = this.#validators.get(key);
    if (validate === undefined) {
      let response = found.operation.responses[String(status)];
      if (response === undefined) throw new Error(`${found.operation.operationId} documents no ${status} reply`);
      if (response.$ref !== undefined) {
        const name = response.$ref.replace("#/components/responses/", "");
        response = this.doc.components.responses[name] as typeof response;
      }
      const schema = response?.content?.["application/json"]?.schema;
      if (schema === undefined) throw new Error(`${found.operation.operationId} ${status} has no JSON schema`);
      validate = this.#ajv.compile(rebase(schema));
      this.#validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * Of the operations whose paths match a request, the one the router picks: the
 * one with the most literal text (`/v1/shelves:stats` over `/v1/shelves/{id}`,
 * `{id}:cancel` over `{id}`).
 */
export function mostSpecific(matching: readonly DocumentOperation[]): DocumentOperation | undefined {
  const literal = (path: string): number => path.replace(/\{[^}]*\}/g, "").length;
  return [...matching].sort((a, b) => literal(b.path) - literal(a.path))[0];
}

/** A schema whose `#/components/...` references point into the document added to ajv as "doc". */
function rebase(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as object;
}

/**
 * A fetch that checks every reply against `checker`'s document (its operation,
 * status and JSON body) before handing it on, so a client driven with it
 * fails at once where the server and the document disagree.
 */
export function checkingFetch(checker: ResponseChecker, inner = globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request?.url ?? String(input));
    const text = await response.clone().text();
    checker.check(init?.method ?? request?.method ?? "GET", url.pathname, response.status, JSON.parse(text) as unknown);
    return response;
  };
}
