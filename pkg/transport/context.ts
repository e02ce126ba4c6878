import type { DescMethod } from "@bufbuild/protobuf";

/** The transport a call arrived on. */
export type TransportKind = "http" | "grpc";

/**
 * What a handler knows about the call it serves, the same for REST and gRPC.
 * It travels explicitly from the transport down to the data layer: pass it on,
 * and hand `signal` to anything that can be cancelled (SQL, outbound calls).
 * To carry more along, derive a context with `deriveContext(ctx, extra)`: a
 * server makes `signal` only when it is first read, which `{ ...ctx }` misses.
 */
export interface CallContext {
  /** The transport the call arrived on. */
  readonly kind: TransportKind;
  /** The protobuf method being called. */
  readonly method: DescMethod;
  /** The full gRPC method name, e.g. `/library.v1.LibraryService/GetBook`, for both transports. */
  readonly operation: string;
  /** Aborts when the deadline passes or the client goes away. */
  readonly signal: AbortSignal;
  /** When the call must be done, in ms since the epoch; undefined for no deadline. */
  readonly deadline: number | undefined;
  /** Request headers (HTTP) or metadata (gRPC), lower-case names. */
  readonly requestHeader: Headers;
  /** Reply headers (HTTP) or initial metadata (gRPC) to send back. */
  readonly responseHeader: Headers;
}

const operations = new WeakMap<DescMethod, string>();

/** The full gRPC method name of a method: `/package.Service/Method` (made once per method). */
export function operationOf(method: DescMethod): string {
  let operation = operations.get(method);
  if (operation === undefined) {
    operation = `/${method.parent.typeName}/${method.name}`;
    operations.set(method, operation);
  }
  return operation;
}

/** What a transport supplies to build a CallContext. */
export interface CallContextInit {
  kind: TransportKind;
  method: DescMethod;
  signal?: AbortSignal;
  deadline?: number;
  requestHeader?: Headers;
}

/** Builds a CallContext: transports use it per call; tests and jobs use it to call a service directly. */
export function newCallContext(init: CallContextInit): CallContext {
  return {
    kind: init.kind,
    method: init.method,
    operation: operationOf(init.method),
    signal: init.signal ?? new AbortController().signal,
    deadline: init.deadline,
    requestHeader: init.requestHeader ?? new Headers(),
    responseHeader: new Headers(),
  };
}

/**
 * A context with everything `ctx` has (read through to it, including what a
 * server's context makes on first use, like `signal`) plus `extra`'s own
 * properties: how to carry more along a call than the transport put in.
 */
export function deriveContext<C extends object, E extends object>(ctx: C, extra: E): C & E {
  return Object.assign(Object.create(ctx) as C, extra);
}
