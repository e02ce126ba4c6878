import type { CallContext } from "../transport/context.js";

/**
 * A transport-neutral unary handler. Transports decode the request into a
 * protobuf message and encode what the handler returns.
 */
export type Handler<Req = unknown, Res = unknown> = (req: Req, ctx: CallContext) => Promise<Res>;

/** Wraps a handler with behaviour of its own (recovery, logging, validation, ...). */
export type Middleware = (next: Handler) => Handler;

/**
 * Composes middleware into one: the first given is the outermost, so it sees
 * the request first and the reply (or error) last.
 */
export function chain(...middleware: readonly Middleware[]): Middleware {
  return (next) => middleware.reduceRight<Handler>((handler, mw) => mw(handler), next);
}
