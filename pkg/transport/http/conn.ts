// The client side of google.api.http transcoding, for browsers and Node alike:
// the platform fetch only, nothing from Node or from the server.
import {
  create,
  fromJson,
  toJson,
  type DescField,
  type DescMessage,
  type DescMethodUnary,
  type JsonObject,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import { StrataError, type ErrorBody } from "../../errors/error.js";
import { cancelled, deadlineExceeded, malformedRequest, unavailable } from "../../errors/kit.js";
import { compileRoute, type CompiledRoute } from "./compile.js";
import type { HttpRoute } from "./route.js";

/** Request headers in any form `new Headers()` takes. */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];

/** How an HttpConn reaches the service. */
export interface HttpConnOptions {
  /** The service's REST base URL, e.g. `http://localhost:8000`; a path prefix is kept. */
  readonly baseUrl: string;
  /** The fetch to call; the platform's by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** Headers sent with every request (e.g. authorization); a function is asked before each. */
  readonly headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
}

/** Per-call options of a generated HTTP client. */
export interface HttpCallOptions {
  /** The call's time budget in ms: past it, the call rejects with 504 DEADLINE_EXCEEDED. */
  readonly timeout?: number | undefined;
  /** Cancels the call: it rejects with 499 CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** Request headers for this call, after the connection's. */
  readonly headers?: HeadersInit | undefined;
}

/** One rpc's binding as the generated client states it: its google.api.http rule. */
export type HttpBinding = Omit<HttpRoute, "rpc">;

/** The longest error text kept from a reply that is not the kit's error body. */
const FOREIGN_ERROR_CHARS = 200;

/**
 * A connection to a service's REST port, shared by its generated
 * `<Service>HttpClient`s: each call is transcoded by the rpc's rule (path
 * variables, body, the other fields as the query string), sent with fetch,
 * and its reply read back as the response message. A failure rejects with a
 * StrataError, the server's reason and metadata kept.
 */
export class HttpConn {
  readonly #base: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #headers: HttpConnOptions["headers"];
  readonly #compiled = new WeakMap<HttpBinding, CompiledRoute>();

  /** A connection to `options.baseUrl`. */
  constructor(options: HttpConnOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#headers = options.headers;
  }

  /** Calls a unary rpc by its binding. */
  async unary<I extends DescMessage, O extends DescMessage>(
    rpc: DescMethodUnary<I, O>,
    binding: HttpBinding,
    request: MessageInitShape<I>,
    options: HttpCallOptions = {},
  ): Promise<MessageShape<O>> {
    const route = this.#route(rpc, binding);
    const message = create(rpc.input, request);
    let full: JsonValue | undefined;
    const { path, body } = transcodeRequest(
      route,
      toJson(rpc.input, message) as JsonObject,
      () => (full ??= toJson(rpc.input, message, { alwaysEmitImplicit: true })),
    );
    const headers = new Headers(typeof this.#headers === "function" ? await this.#headers() : this.#headers);
    for (const [name, value] of new Headers(options.headers)) headers.set(name, value);
    if (body !== undefined) headers.set("content-type", "application/json");
    const signals = [options.signal, options.timeout === undefined ? undefined : AbortSignal.timeout(options.timeout)];
    const signal = AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.#base}${path}`, { method: binding.method, headers, body, signal });
      text = await response.text();
    } catch (err) {
      throw callFailure(err, signal, binding);
    }
    if (!response.ok) throw errorOf(response.status, text);
    const json = parseJson(text);
    const field = route.responseField;
    const reply = field === undefined ? json : { [field.jsonName]: json };
    return fromJson(rpc.output, reply, { ignoreUnknownFields: true });
  }

  #route(rpc: DescMethodUnary, binding: HttpBinding): CompiledRoute {
    let route = this.#compiled.get(binding);
    if (route === undefined) {
      route = compileRoute({ rpc, ...binding });
      this.#compiled.set(binding, route);
    }
    return route;
  }
}

/** The request's path (with its query string) and JSON body, as the route's rule lays it out. */
function transcodeRequest(
  route: CompiledRoute,
  json: JsonObject,
  withDefaults: () => JsonValue,
): { path: string; body: string | undefined } {
  const { segments, variables } = route.template;
  const parts: string[] = [];
  const bound: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const variable = variables.find((v) => v.start === i);
    if (variable === undefined) {
      const segment = segments[i];
      parts.push(segment?.kind === "literal" ? segment.value : "");
      continue;
    }
    const chain = route.pathFields.get(variable.name) ?? [];
    // Defaults are left out of `json`: only a field at its default needs them written out.
    const text = pathValue(json, chain) || pathValue(withDefaults(), chain);
    if (text === "") throw malformedRequest(`path variable "${variable.name}" is empty`, { field: variable.name });
    bound.push(chain.map((field) => field.jsonName).join("."));
    // One `*` segment: every reserved character escaped. More: the slashes kept.
    const single = variable.end - variable.start === 1 && segments[i]?.kind === "wildcard";
    parts.push(single ? encodeURIComponent(text) : text.split("/").map(encodeURIComponent).join("/"));
    i = variable.end - 1;
  }
  let path = `/${parts.join("/")}`;
  if (route.template.verb !== undefined) path += `:${route.template.verb}`;

  let body: string | undefined;
  const rest = withoutPaths(json, bound);
  if (route.body.kind === "all") {
    body = JSON.stringify(rest);
  } else {
    if (route.body.kind === "field") {
      const name = route.body.field.jsonName;
      // An unset body field goes as its JSON default: [] for a list, {} for a message or map.
      let value: JsonValue | undefined = rest[name];
      if (value === undefined) {
        const full = withDefaults();
        value = typeof full === "object" && full !== null && !Array.isArray(full) ? full[name] : undefined;
      }
      body = JSON.stringify(value ?? (route.body.field.fieldKind === "list" ? [] : {}));
      delete rest[name];
    }
    const query = new URLSearchParams();
    appendQuery(query, "", rest);
    const search = query.toString();
    if (search !== "") path += `?${search}`;
  }
  return { path, body };
}

/** The text of the scalar at `chain` in `json` (every field present, defaults too), as the server parses it. */
function pathValue(json: JsonValue, chain: readonly DescField[]): string {
  let value: JsonValue | undefined = json;
  for (const field of chain) {
    value = typeof value === "object" && value !== null && !Array.isArray(value) ? value[field.jsonName] : undefined;
  }
  return value === undefined || value === null || typeof value === "object" ? "" : String(value);
}

/** `json` without the values at the dotted JSON paths in `paths` (empty parents dropped too). */
function withoutPaths(json: JsonObject, paths: readonly string[]): JsonObject {
  const copy = structuredClone(json);
  for (const path of paths) {
    const names = path.split(".");
    const parents: JsonObject[] = [copy];
    for (const name of names.slice(0, -1)) {
      const next = parents[parents.length - 1]?.[name];
      if (typeof next !== "object" || next === null || Array.isArray(next)) break;
      parents.push(next);
    }
    if (parents.length !== names.length) continue;
    delete parents[parents.length - 1]?.[names[names.length - 1] ?? ""];
    for (let i = parents.length - 1; i > 0; i--) {
      if (Object.keys(parents[i] ?? {}).length === 0) delete parents[i - 1]?.[names[i - 1] ?? ""];
    }
  }
  return copy;
}

/** Adds `value` (proto3 JSON) to `query` under `key`: objects by dotted key, arrays as repeated keys. */
function appendQuery(query: URLSearchParams, key: string, value: JsonValue): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === "object" && item !== null) {
        throw malformedRequest(`"${key}" holds messages, which a query string cannot carry: give the rpc a body`, {
          field: key,
        });
      }
      query.append(key, String(item));
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [name, inner] of Object.entries(value)) appendQuery(query, key === "" ? name : `${key}.${name}`, inner);
  } else if (value !== null) {
    query.append(key, String(value));
  }
}

/** The JSON of a reply body; a body that is not JSON is the server's fault, reported as such. */
function parseJson(text: string): JsonValue {
  try {
    return text === "" ? {} : (JSON.parse(text) as JsonValue);
  } catch {
    throw new StrataError(502, "INTERNAL", `the reply is not JSON: ${text.slice(0, FOREIGN_ERROR_CHARS)}`);
  }
}

/** The error a non-2xx reply stands for: the kit's error body as it is, anything else by its status. */
function errorOf(status: number, text: string): StrataError {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof body.reason === "string" && typeof body.message === "string") {
      const metadata = typeof body.metadata === "object" && body.metadata !== null ? body.metadata : {};
      return new StrataError(typeof body.code === "number" ? body.code : status, body.reason, body.message, metadata);
    }
  } catch {
    // Not the kit's body (a proxy's page, say): fall through.
  }
  return new StrataError(status, `HTTP_${status}`, text.slice(0, FOREIGN_ERROR_CHARS) || `HTTP ${status}`);
}

/** Why fetch failed: the caller cancelled, the time budget ran out, or the service was not reached. */
function callFailure(err: unknown, signal: AbortSignal, binding: HttpBinding): StrataError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof DOMException && reason.name === "TimeoutError" ? deadlineExceeded() : cancelled();
  }
  // fetch says only "fetch failed"; the system's reason (ECONNREFUSED, …) is in its cause.
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  const detail = `${err instanceof Error ? err.message : String(err)}${typeof code === "string" ? ` (${code})` : ""}`;
  return unavailable(`${binding.method} ${binding.path}: ${detail}`, { cause: err });
}
