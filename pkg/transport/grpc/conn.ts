import { create, type DescMessage, type Message, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { Client, credentials, type ChannelCredentials, type ClientOptions, type MethodDefinition } from "@grpc/grpc-js";
import { fromGrpcStatus } from "../../errors/grpc-status.js";
import { cancelled } from "../../errors/kit.js";
import { forwardGlobalMetadata } from "../../middleware/metadata.js";
import type { Handler, Middleware } from "../../middleware/middleware.js";
import { newCallContext, type CallContext } from "../context.js";
import { grpcMethodDefinition, type TypedMethod } from "./definition.js";
import { headersFromMetadata, metadataFromHeaders } from "./metadata.js";

/** What `new Headers()` accepts: a Headers, a record, or name/value pairs. */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];

/** Per-call options of a generated client's methods. */
export interface CallOptions {
  /**
   * When the call must be done: a Date, or ms since the epoch like
   * `CallContext.deadline`, so a handler passes its own deadline on as it is.
   */
  deadline?: Date | number | undefined;
  /** The call's time budget in ms from now; with `deadline` as well, the earlier wins. */
  timeout?: number | undefined;
  /** Cancels the call: it rejects with 499 CANCELLED, and the server's `ctx.signal` aborts. */
  signal?: AbortSignal | undefined;
  /** Request metadata; `-bin` values in base64. */
  headers?: HeadersInit | undefined;
  /** Receives the reply's headers (initial metadata) when they arrive. */
  onHeader?: ((headers: Headers) => void) | undefined;
  /** Receives the trailers when the call ends, whether it succeeded or not. */
  onTrailer?: ((trailers: Headers) => void) | undefined;
  /**
   * The call being served on whose behalf this one is made: the outbound call
   * inherits its deadline and cancellation (unless `deadline`/`signal` are
   * given) and carries its `x-md-global-*` metadata.
   */
  context?: CallContext | undefined;
}

/** How a GrpcConn connects; every field has a default in `defaultGrpcConnOptions`. */
export interface GrpcConnOptions {
  /** Channel credentials: insecure by default, TLS or mTLS for service-to-service calls. */
  credentials: ChannelCredentials;
  /** Further @grpc/grpc-js channel options (keepalive, load balancing config, interceptors, ...). */
  grpcOptions: ClientOptions;
  /**
   * Runs around every call (client-side tracing, metrics, ...): the kit's
   * Middleware, given a CallContext whose `requestHeader` is the outbound
   * metadata (write to it) and whose `responseHeader` the reply's headers.
   */
  middleware: Middleware;
}

/** The defaults of every GrpcConnOptions field. */
export const defaultGrpcConnOptions: Readonly<GrpcConnOptions> = {
  credentials: credentials.createInsecure(),
  grpcOptions: {},
  middleware: (next) => next,
};

const definitions = new WeakMap<TypedMethod<DescMessage, DescMessage>, MethodDefinition<Message, Message>>();

function definitionOf(method: TypedMethod<DescMessage, DescMessage>): MethodDefinition<Message, Message> {
  let definition = definitions.get(method);
  if (definition === undefined) {
    definition = grpcMethodDefinition(method);
    definitions.set(method, definition);
  }
  return definition;
}

/**
 * A channel to one gRPC server (address: `host:port`, or any target grpc-js
 * resolves, e.g. `dns:///library:9000`), shared by the generated clients of the
 * services it serves. A failed call rejects with the StrataError the server
 * raised: the same code, reason and metadata.
 */
export class GrpcConn {
  /** The underlying @grpc/grpc-js client, for services the kit does not generate. */
  readonly client: Client;
  readonly #middleware: Middleware;

  /** Creates the channel; it connects on the first call. */
  constructor(address: string, options: Partial<GrpcConnOptions> = {}) {
    const { credentials: creds, grpcOptions, middleware } = { ...defaultGrpcConnOptions, ...options };
    this.client = new Client(address, creds, grpcOptions);
    this.#middleware = middleware;
  }

  /** Calls a unary method; generated clients call this. */
  unary<I extends DescMessage, O extends DescMessage>(
    method: TypedMethod<I, O>,
    request: MessageInitShape<I>,
    options: CallOptions = {},
  ): Promise<MessageShape<O>> {
    const parent = options.context;
    const signal = options.signal ?? parent?.signal;
    const deadline = deadlineOf(options);
    const requestHeader = new Headers(options.headers);
    if (parent !== undefined) forwardGlobalMetadata(parent.requestHeader, requestHeader);
    const ctx = newCallContext({
      kind: "grpc",
      method,
      ...(signal !== undefined && { signal }),
      ...(deadline !== undefined && { deadline }),
      requestHeader,
    });
    const invoke: Handler = (req, c) => this.#invoke(method, req as Message, c, options);
    try {
      return this.#middleware(invoke)(create(method.input, request), ctx) as Promise<MessageShape<O>>;
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  #invoke(
    method: TypedMethod<DescMessage, DescMessage>,
    request: Message,
    ctx: CallContext,
    options: CallOptions,
  ): Promise<Message> {
    const { path, requestSerialize, responseDeserialize } = definitionOf(method);
    const { signal, deadline } = ctx;
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(cancelled());
        return;
      }
      const metadata = metadataFromHeaders(ctx.requestHeader);
      const call = this.client.makeUnaryRequest(
        path,
        requestSerialize,
        responseDeserialize,
        request,
        metadata,
        deadline === undefined ? {} : { deadline },
        (err, reply) => {
          signal.removeEventListener("abort", onAbort);
          if (err) reject(fromGrpcStatus(err));
          else resolve(reply as Message);
        },
      );
      // A declaration, hoisted: the callback may name it before this line runs.
      function onAbort(): void {
        call.cancel();
      }
      signal.addEventListener("abort", onAbort, { once: true });
      const { onHeader, onTrailer } = options;
      call.on("metadata", (md) => {
        const headers = headersFromMetadata(md);
        headers.forEach((value, key) => ctx.responseHeader.append(key, value));
        onHeader?.(headers);
      });
      if (onTrailer) call.on("status", (status) => onTrailer(headersFromMetadata(status.metadata)));
    });
  }

  /** Closes the channel; calls in flight fail with UNAVAILABLE or CANCELLED. */
  close(): void {
    this.client.close();
  }
}

function deadlineOf(options: CallOptions): number | undefined {
  const deadlines: number[] = [];
  if (options.deadline !== undefined) deadlines.push(+options.deadline);
  else if (options.context?.deadline !== undefined) deadlines.push(options.context.deadline);
  if (options.timeout !== undefined) deadlines.push(Date.now() + options.timeout);
  return deadlines.length === 0 ? undefined : Math.min(...deadlines);
}
