import { create, type DescMethod, type DescMessage, type MessageInitShape, type Message } from "@bufbuild/protobuf";
import type { Handler, Middleware } from "../middleware/middleware.js";
import type { CallContext } from "./context.js";

/** A unary method implementation as the transports see it: any message in, any message out. */
export type AnyUnaryImpl = (request: Message, ctx: CallContext) => Promise<MessageInitShape<DescMessage>>;

/**
 * The handler a transport calls for one method: the middleware around the
 * implementation, whose reply is normalised to a full message of the output type.
 */
export function endpoint(method: DescMethod, impl: AnyUnaryImpl, middleware: Middleware): Handler<Message, Message> {
  const call: Handler = (req, ctx) => {
    try {
      return impl(req as Message, ctx).then((res) => create(method.output, res));
    } catch (err) {
      // An implementation that threw instead of rejecting: the middleware sees a rejection either way.
      return Promise.reject(err);
    }
  };
  return middleware(call) as Handler<Message, Message>;
}

/**
 * The handler of a call that failed before its request could be read (a body
 * that is not JSON, bytes that are not the message, a path variable of the
 * wrong type): the middleware runs around a handler that fails with `err`,
 * with no request (`undefined`), so the call is logged, counted and traced
 * like any other.
 */
export function failedCall(middleware: Middleware, err: unknown): Handler<undefined, Message> {
  return middleware(() => Promise.reject(err)) as Handler<undefined, Message>;
}
