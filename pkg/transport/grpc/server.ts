import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Server, type ServiceDefinition, type UntypedServiceImplementation } from "@grpc/grpc-js";
import type { StrataError } from "../../errors/error.js";
import { toGrpcStatus } from "../../errors/grpc-status.js";
import { endpoint, failedCall, type AnyUnaryImpl } from "../endpoint.js";
import { ServerCall } from "../server-call.js";
import type { ServiceImpl } from "../service.js";
import { grpcMethodDefinition } from "./definition.js";
import { defaultGrpcServerOptions, type GrpcServerOptions } from "./options.js";
import { clientFaults } from "./protocol-errors.js";
import { unaryCallHandler } from "./unary-handler.js";
import { answerUnknownMethods } from "./unknown-method.js";

/**
 * Serves protobuf services over gRPC with @grpc/grpc-js. Every method runs
 * through `endpoint()`, so the middleware chain is the one HTTP runs; errors
 * reach clients as gRPC statuses with google.rpc.ErrorInfo. What grpc-js
 * answers itself for a client's mistake (a bad grpc-timeout, bytes that do
 * not decode, an unknown method) is answered as the kit's error too, and runs
 * through the middleware so it is logged, counted and traced.
 */
export class GrpcServer {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<GrpcServerOptions>;
  /** The underlying @grpc/grpc-js server, for services the kit does not generate (health, reflection). */
  readonly server: Server;
  #port: number | undefined;
  readonly #stopping = new AbortController();
  // The methods served through the kit, by path: their calls' client faults are recorded under them.
  readonly #methods = new Map<string, DescMethod>();

  /** Creates a server; it listens once `start()` is called. */
  constructor(options: Partial<GrpcServerOptions> = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { ...defaultGrpcServerOptions, ...given };
    const faults = clientFaults(
      (err) => toGrpcStatus(err),
      (path, err) => this.#recordFault(path, err),
    );
    this.server = new Server({
      ...this.options.grpcOptions,
      "grpc.max_receive_message_length": this.options.maxReceiveMessageLength,
      interceptors: [faults, ...(this.options.grpcOptions.interceptors ?? [])],
    });
    answerUnknownMethods(this.server, this.options.middleware, this.options.timeout);
  }

  /**
   * Serves a service with `impl`, one method per rpc (the generated
   * `registerXxxGrpc` calls this). Only unary methods are served: streaming
   * ones are left unregistered, so callers get UNIMPLEMENTED.
   */
  addService<S extends DescService>(service: S, impl: ServiceImpl<S>): void {
    const methods = impl as unknown as Record<string, AnyUnaryImpl | undefined>;
    const definition: Record<string, ServiceDefinition[string]> = {};
    const handlers: UntypedServiceImplementation = {};
    for (const method of service.methods) {
      if (method.methodKind !== "unary") continue;
      const fn = methods[method.localName];
      if (typeof fn !== "function") {
        throw new TypeError(`GrpcServer: the implementation of ${service.typeName} has no method ${method.localName}`);
      }
      const handler = endpoint(method, (request, ctx) => fn.call(impl, request, ctx), this.options.middleware);
      // The handler decodes the request itself to answer bad bytes with INVALID_ARGUMENT.
      definition[method.name] = { ...grpcMethodDefinition(method), requestDeserialize: (bytes: Buffer) => bytes };
      handlers[method.name] = unaryCallHandler(method, handler, this.options);
      this.#methods.set(definition[method.name].path, method);
    }
    if (Object.keys(definition).length > 0) this.server.addService(definition, handlers);
  }

  /**
   * Runs a call of one of the kit's methods that grpc-js failed for a
   * client's mistake through the middleware, so it is logged, counted and
   * traced; the caller has been answered already. Calls of services the kit
   * does not serve (health, reflection) are answered alike but not recorded.
   */
  #recordFault(path: string, err: StrataError): void {
    const method = this.#methods.get(path);
    if (method === undefined) return;
    const call = new ServerCall({ kind: "grpc", method, deadline: undefined, requestHeader: new Headers() });
    failedCall(this.options.middleware, err)(undefined, call.ctx).then(
      () => call.dispose(),
      () => call.dispose(),
    );
  }

  /** Binds `options.addr` and starts serving; resolves once the port is bound. */
  async start(): Promise<void> {
    this.#port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(this.options.addr, this.options.credentials, (err, port) =>
        err ? reject(err) : resolve(port),
      );
    });
  }

  /**
   * Aborts when `stop()` begins, once the listeners have closed. Services with
   * streams that never end on their own (health Watch) end them on it, so the
   * graceful stop need not wait for them until it is forced.
   */
  get stopping(): AbortSignal {
    return this.#stopping.signal;
  }

  /**
   * Stops accepting calls and resolves once those in flight are done or, at
   * `timeoutMs`, cancels them (their signals abort) and closes every connection.
   */
  stop(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, timeoutMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
      this.#stopping.abort();
    });
  }

  /** The port the server listens on; throws before `start()` has resolved. */
  get port(): number {
    if (this.#port === undefined) throw new Error("GrpcServer: not started");
    return this.#port;
  }

  /** `host:port` the server listens on, with the bound port (useful with port 0). */
  get address(): string {
    const host = this.options.addr.slice(0, this.options.addr.lastIndexOf(":"));
    return `${host}:${this.port}`;
  }
}
