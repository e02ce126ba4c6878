import type { DescService } from "@bufbuild/protobuf";
import { Server, type ServiceDefinition, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { endpoint, type AnyUnaryImpl } from "../endpoint.js";
import type { ServiceImpl } from "../service.js";
import { grpcMethodDefinition } from "./definition.js";
import { defaultGrpcServerOptions, type GrpcServerOptions } from "./options.js";
import { unaryCallHandler } from "./unary-handler.js";

/**
 * Serves protobuf services over gRPC with @grpc/grpc-js. Every method runs
 * through `endpoint()`, so the middleware chain is the one HTTP runs; errors
 * reach clients as gRPC statuses with google.rpc.ErrorInfo.
 */
export class GrpcServer {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<GrpcServerOptions>;
  /** The underlying @grpc/grpc-js server, for services the kit does not generate (health, reflection). */
  readonly server: Server;
  #port: number | undefined;
  readonly #stopping = new AbortController();

  /** Creates a server; it listens once `start()` is called. */
  constructor(options: Partial<GrpcServerOptions> = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { ...defaultGrpcServerOptions, ...given };
    this.server = new Server({
      ...this.options.grpcOptions,
      "grpc.max_receive_message_length": this.options.maxReceiveMessageLength,
    });
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
    }
    if (Object.keys(definition).length > 0) this.server.addService(definition, handlers);
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
