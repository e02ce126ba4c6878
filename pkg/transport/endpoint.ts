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
