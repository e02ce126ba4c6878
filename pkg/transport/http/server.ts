import { METHODS } from "node:http";
import type { Server as TlsServer } from "node:tls";
import type { JsonValue, Message } from "@bufbuild/protobuf";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Handler } from "../../middleware/middleware.js";
import { operationOf } from "../context.js";
import { endpoint, failedCall, type AnyUnaryImpl } from "../endpoint.js";
import { reportError } from "../report-error.js";
import { UNKNOWN_OPERATION, unroutedMethod } from "../unrouted.js";
import { formatAddr, parseAddr } from "./addr.js";
import { bindRequest } from "./bind.js";
import { httpCallScope, type HttpCallScope } from "./call-scope.js";
import { answerClientError } from "./client-error.js";
import { HttpRouteError, compileRoute, describeRoute, type CompiledRoute } from "./compile.js";
import { ConnectionDrain } from "./connections.js";
import { encodeReply } from "./encode.js";
import { httpErrorOf, routeNotFound, sendError } from "./error-reply.js";
import { applyResponseHeaders } from "./headers.js";
import { useJsonBodies } from "./json-body.js";
import { matchTemplate } from "./match.js";
import { defaultHttpServerOptions, type HttpServerOptions } from "./options.js";
import type { HttpRoute, HttpRouter } from "./route.js";

// find-my-way answers 404 for a path segment longer than this (its default, 100,
// is short for resource names); the regex parameters used are linear-time.
const MAX_PARAM_LENGTH = 2048;

/** A route with its compiled template and the handler (middleware + implementation) serving it. */
interface Entry {
  readonly compiled: CompiledRoute;
  readonly handler: Handler<Message, Message>;
}

/**
 * Serves protobuf services over HTTP/1.1 with fastify, transcoding requests
 * and replies by the google.api.http rules (see `route`). Every call runs
 * through `endpoint()`, so the middleware chain is the one gRPC runs; every
 * error reaches the client as `{code, reason, message, metadata}` with the
 * HTTP status `code`.
 */
export class HttpServer implements HttpRouter {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<HttpServerOptions>;
  /** The fastify instance, for routes the kit does not generate. Add them before `start()`. */
  readonly fastify: FastifyInstance;
  // Rules whose templates map to one find-my-way route share it, keyed by "METHOD route".
  readonly #routes = new Map<string, Entry[]>();
  readonly #connections: ConnectionDrain;
  #unwatchTls: (() => void) | undefined;

  /** Creates a server; it listens once `start()` is called. */
  constructor(options: Partial<HttpServerOptions> = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { ...defaultHttpServerOptions, ...given };
    const { tls } = this.options;
    // An HTTPS fastify is typed by its https.Server; the routes and hooks are the same.
    this.fastify = Fastify({
      ...(tls !== undefined && { https: { cert: tls.current.cert, key: tls.current.key } }),
      bodyLimit: this.options.bodyLimit,
      // close() ends idle keep-alive connections at once and lets busy ones
      // finish; ConnectionDrain does the rest (see connections.ts).
      forceCloseConnections: "idle",
      // Requests arriving while closing are served (with Connection: close), not
      // refused with fastify's own 503 body.
      return503OnClosing: false,
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      // A URL the router cannot take (a segment too long, a bad escape) is a
      // request no route serves: answered and recorded like an unknown route.
      clientErrorHandler: answerClientError,
      frameworkErrors: (err, request, reply) => {
        this.#reject(request, reply, err);
      },
    }) as unknown as FastifyInstance;
    this.#connections = new ConnectionDrain(this.fastify);
    useJsonBodies(this.fastify);
    this.fastify.setErrorHandler((err, request, reply) => {
      // A request to one of the rpcs whose body could not be read (not JSON,
      // too large) is answered through the middleware like any failed call.
      const found = reply.sent ? undefined : this.#match(request);
      if (found !== undefined) {
        this.#serve(found.entry, found.variables, queryOf(request.url), request, reply, err);
        return reply;
      }
      // A body sent to no route: the route is what is wrong.
      if (!reply.sent && request.is404) {
        this.#reject(request, reply, routeNotFound(request.method, pathOf(request.url)));
        return reply;
      }
      if (httpErrorOf(err).code >= 500) this.options.onError(err, undefined);
      return sendError(reply, err);
    });
    this.fastify.setNotFoundHandler((request, reply) => {
      this.#reject(request, reply, routeNotFound(request.method, pathOf(request.url)));
    });
  }

  /**
   * Serves one binding of an rpc (the generated `registerXxxHttp` calls this
   * for each). The request message is built from the path variables, the JSON
   * body and the query string as the binding says; the reply is the response
   * (or its `response_body` field) as proto3 JSON. Throws an HttpRouteError for
   * a binding that cannot be served or that takes the same requests as one
   * already added. Call before `start()`.
   */
  route(route: HttpRoute, impl: AnyUnaryImpl): void {
    const compiled = compileRoute(route);
    const entry: Entry = { compiled, handler: endpoint(route.rpc, impl, this.options.middleware) };
    const key = `${route.method} ${compiled.routePath}`;
    const shared = this.#routes.get(key);
    if (shared !== undefined) {
      const clash = shared.find((e) => e.compiled.template.verb === compiled.template.verb);
      if (clash !== undefined) {
        throw new HttpRouteError(
          `${operationOf(route.rpc)}: ${describeRoute(route)} takes the same requests as ` +
            `${describeRoute(clash.compiled.route)} of ${operationOf(clash.compiled.route.rpc)}`,
        );
      }
      shared.push(entry);
      // `files/**:download` must be tried before `files/**`, which would take it too.
      shared.sort(
        (a, b) => Number(a.compiled.template.verb === undefined) - Number(b.compiled.template.verb === undefined),
      );
      return;
    }
    const entries = [entry];
    this.#routes.set(key, entries);
    this.fastify.route({
      method: this.#supportedMethod(route),
      url: compiled.routePath,
      exposeHeadRoute: false,
      // The handler replies itself and returns nothing: fastify then has no promise to follow.
      handler: (request, reply) => {
        this.#dispatch(entries, request, reply);
      },
    });
  }

  /** Listens on `options.addr`; resolves once the port is bound. */
  async start(): Promise<void> {
    const { host, port } = parseAddr(this.options.addr);
    await this.fastify.listen({ host, port });
    const { tls } = this.options;
    if (tls !== undefined) {
      const server = this.fastify.server as unknown as TlsServer;
      this.#unwatchTls = tls.onChange((material) =>
        server.setSecureContext({ cert: material.cert, key: material.key }),
      );
    }
  }

  /**
   * Stops accepting connections, closes idle ones, and resolves once the
   * requests in flight have been answered and their connections closed.
   */
  async stop(): Promise<void> {
    this.#unwatchTls?.();
    const closed = this.fastify.close();
    this.#connections.drain();
    await closed;
  }

  /** `host:port` the server listens on, with the bound port (useful with port 0); throws before `start()`. */
  get address(): string {
    const info = this.fastify.server.address();
    if (info === null || typeof info === "string") throw new Error("HttpServer: not started");
    return formatAddr(info);
  }

  #supportedMethod(route: HttpRoute): string {
    const method = route.method;
    if (this.fastify.supportedMethods.includes(method)) return method;
    if (!METHODS.includes(method)) {
      throw new HttpRouteError(`${operationOf(route.rpc)}: ${describeRoute(route)}: Node.js does not serve ${method}`);
    }
    this.fastify.addHttpMethod(method, { hasBody: true });
    return method;
  }

  #dispatch(entries: readonly Entry[], request: FastifyRequest, reply: FastifyReply): void {
    const path = pathOf(request.url);
    const query = queryOf(request.url);
    try {
      for (const entry of entries) {
        const variables = matchTemplate(entry.compiled.template, path);
        if (variables !== undefined) {
          this.#serve(entry, variables, query, request, reply);
          return;
        }
      }
      this.#reject(request, reply, routeNotFound(request.method, path));
    } catch (err) {
      // A path that does not decode (a bad escape): which rpc it meant is unknown.
      this.#reject(request, reply, err);
    }
  }

  /** The rpc binding and path variables of a request to one of the routes added with `route`. */
  #match(request: FastifyRequest): { entry: Entry; variables: ReadonlyMap<string, string> } | undefined {
    const entries = this.#routes.get(`${request.method} ${request.routeOptions.url ?? ""}`) ?? [];
    const path = pathOf(request.url);
    for (const entry of entries) {
      const variables = matchTemplate(entry.compiled.template, path);
      if (variables !== undefined) return { entry, variables };
    }
    return undefined;
  }

  /** Serves one call; `unread`, when given, is why its body could not be read. */
  #serve(
    entry: Entry,
    variables: ReadonlyMap<string, string>,
    query: string,
    request: FastifyRequest,
    reply: FastifyReply,
    unread?: unknown,
  ): void {
    const { registry } = this.options;
    const scope = httpCallScope(request, reply, entry.compiled.route.rpc, this.options.timeout);
    const { call } = scope;
    const fail = this.#failer(scope, reply);
    let run: () => Promise<Message>;
    try {
      if (unread !== undefined) throw httpErrorOf(unread);
      const parts = { path: variables, query, body: request.body as JsonValue | undefined };
      const input = bindRequest(entry.compiled, parts, registry);
      run = () => entry.handler(input, call.ctx);
    } catch (err) {
      run = () => failedCall(this.options.middleware, err)(undefined, call.ctx);
    }
    const succeed = (output: Message): void => {
      try {
        const json = encodeReply(entry.compiled, output, registry);
        applyResponseHeaders(reply, call.responseHeader);
        reply.code(200).type("application/json; charset=utf-8").send(json);
        scope.dispose();
      } catch (err) {
        fail(err);
      }
    };
    call.settle(run, succeed, fail);
  }

  /**
   * Answers a request no rpc serves (no route, a URL the router refuses) with
   * `err`, through the middleware as operation UNKNOWN_OPERATION: it is
   * logged, counted and traced like any call, under one label.
   */
  #reject(request: FastifyRequest, reply: FastifyReply, err: unknown): void {
    const scope = httpCallScope(request, reply, unroutedMethod, this.options.timeout, UNKNOWN_OPERATION);
    const fail = this.#failer(scope, reply);
    const error = httpErrorOf(err);
    scope.call.settle(() => failedCall(this.options.middleware, error)(undefined, scope.call.ctx), fail, fail);
  }

  /** How a call answers with an error; never throws (settle may call it from within an abort). */
  #failer(scope: HttpCallScope, reply: FastifyReply): (err: unknown) => void {
    const { call } = scope;
    return (err) => {
      try {
        applyResponseHeaders(reply, call.responseHeader);
        sendError(reply, err);
      } catch (unsent) {
        reportError(this.options.onError, unsent, call.ctx);
      } finally {
        scope.dispose();
      }
    };
  }
}

/** The query string of a request URL, without `?`. */
function queryOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? "" : url.slice(q + 1);
}

/** The path of a request URL (origin-form, or the absolute-form proxies send), without the query. */
function pathOf(url: string): string {
  let path = url;
  if (!path.startsWith("/")) {
    const start = path.indexOf("/", path.indexOf("//") + 2);
    path = start === -1 ? "/" : path.slice(start);
  }
  const q = path.indexOf("?");
  return q === -1 ? path : path.slice(0, q);
}
