import { fromBinary, type DescMethod, type Message } from "@bufbuild/protobuf";
import type { handleUnaryCall, ServerUnaryCall, StatusObject } from "@grpc/grpc-js";
import { isStrataError } from "../../errors/error.js";
import { toGrpcStatus } from "../../errors/grpc-status.js";
import { malformedRequest, toStrataError } from "../../errors/kit.js";
import type { Handler } from "../../middleware/middleware.js";
import type { CallContext } from "../context.js";
import { serverCallScope } from "./call-context.js";
import { metadataFromHeaders } from "./metadata.js";

/** What a unary call handler needs from its server. */
export interface UnaryCallOptions {
  /** The deadline, in ms, of calls whose client sends none; 0 for none. */
  timeout: number;
  /** Told of thrown values that are not StrataErrors. */
  onError: (err: unknown, ctx: CallContext) => void;
}

/**
 * The grpc-js handler of a unary method. It takes the request as raw bytes and
 * decodes it itself, so a request that is not the method's input message fails
 * with INVALID_ARGUMENT / MALFORMED_REQUEST (grpc-js would answer INTERNAL).
 * It replies when the handler settles or, at the latest, when the call's
 * signal aborts (deadline, cancellation); a failure becomes a status with
 * ErrorInfo whose domain is the service's protobuf package.
 */
export function unaryCallHandler(
  method: DescMethod,
  handler: Handler<Message, Message>,
  options: UnaryCallOptions,
): handleUnaryCall<Buffer, Message> {
  const domain = method.parent.file.proto.package;

  const serve = async (bytes: Buffer, ctx: CallContext): Promise<Message> => {
    let request: Message;
    try {
      request = fromBinary(method.input, bytes);
    } catch {
      throw malformedRequest(`the request is not a valid ${method.input.typeName}`);
    }
    ctx.signal.throwIfAborted();
    return untilAborted(handler(request, ctx), ctx.signal);
  };

  const statusOf = (err: unknown, ctx: CallContext): StatusObject => {
    if (!isStrataError(err)) report(options, err, ctx);
    return toGrpcStatus(toStrataError(err), domain);
  };

  return (call, callback) => {
    const { ctx, dispose } = serverCallScope(call, method, options.timeout);
    serve(call.request, ctx)
      .then(
        (reply) => {
          sendResponseHeader(call, ctx, options);
          callback(null, reply);
        },
        (err: unknown) => {
          sendResponseHeader(call, ctx, options);
          callback(statusOf(err, ctx));
        },
      )
      .catch((err: unknown) => report(options, err, ctx))
      .finally(dispose);
  };
}

/** Settles as `work` does, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function sendResponseHeader(call: ServerUnaryCall<Buffer, Message>, ctx: CallContext, options: UnaryCallOptions): void {
  if (isEmpty(ctx.responseHeader)) return;
  try {
    call.sendMetadata(metadataFromHeaders(ctx.responseHeader));
  } catch (err) {
    report(options, err, ctx);
  }
}

function isEmpty(headers: Headers): boolean {
  return headers.keys().next().done === true;
}

function report(options: UnaryCallOptions, err: unknown, ctx: CallContext): void {
  try {
    options.onError(err, ctx);
  } catch {
    // A failing reporter must not fail the reply.
  }
}
