import { fromBinary, type DescMethod, type Message } from "@bufbuild/protobuf";
import type { handleUnaryCall, ServerUnaryCall } from "@grpc/grpc-js";
import { isStrataError } from "../../errors/error.js";
import { toGrpcStatus } from "../../errors/grpc-status.js";
import { malformedRequest, toStrataError } from "../../errors/kit.js";
import type { Handler, Middleware } from "../../middleware/middleware.js";
import { failedCall } from "../endpoint.js";
import { rejectNul } from "../nul-check.js";
import type { CallContext } from "../context.js";
import { reportError } from "../report-error.js";
import type { ServerCall } from "../server-call.js";
import { serverCallScope } from "./call-context.js";
import { metadataFromHeaders } from "./metadata.js";

/** What a unary call handler needs from its server. */
export interface UnaryCallOptions {
  /** The deadline, in ms, of calls whose client sends none; 0 for none. */
  timeout: number;
  /** Told of what fails in sending a reply (see GrpcServerOptions.onError). */
  onError: (err: unknown, ctx: CallContext) => void;
  /** The middleware `handler` runs in; a request that cannot be decoded fails through it too. */
  middleware: Middleware;
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

  const work = (bytes: Buffer, ctx: CallContext): Promise<Message> => {
    let request: Message;
    try {
      request = fromBinary(method.input, bytes);
      rejectNul(method.input, request);
    } catch (thrown) {
      // Answered through the middleware, so the call is logged, counted and traced.
      const err = isStrataError(thrown)
        ? thrown
        : malformedRequest(`the request is not a valid ${method.input.typeName}`);
      return failedCall(options.middleware, err)(undefined, ctx);
    }
    return handler(request, ctx);
  };

  return (call, callback) => {
    const { serving, dispose } = serverCallScope(call, method, options.timeout);
    // Sends the response headers, then the reply or status; never throws (settle's callbacks must not).
    const answer = (send: () => void): void => {
      try {
        sendResponseHeader(call, serving, options);
        send();
      } catch (err) {
        reportError(options.onError, err, serving.ctx);
      } finally {
        dispose();
      }
    };
    serving.settle(
      () => work(call.request, serving.ctx),
      (reply) => answer(() => callback(null, reply)),
      (err: unknown) => answer(() => callback(toGrpcStatus(toStrataError(err), domain))),
    );
  };
}

function sendResponseHeader(
  call: ServerUnaryCall<Buffer, Message>,
  serving: ServerCall,
  options: UnaryCallOptions,
): void {
  const headers = serving.responseHeader;
  if (headers === undefined || isEmpty(headers)) return;
  try {
    call.sendMetadata(metadataFromHeaders(headers));
  } catch (err) {
    reportError(options.onError, err, serving.ctx);
  }
}

function isEmpty(headers: Headers): boolean {
  return headers.keys().next().done === true;
}
