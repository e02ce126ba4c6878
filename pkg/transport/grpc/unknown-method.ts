import type { Server, ServerDuplexStream } from "@grpc/grpc-js";
import { StrataError } from "../../errors/error.js";
import { toGrpcStatus } from "../../errors/grpc-status.js";
import { KitReason, toStrataError } from "../../errors/kit.js";
import type { Middleware } from "../../middleware/middleware.js";
import { failedCall } from "../endpoint.js";
import { UNKNOWN_OPERATION, unroutedMethod } from "../unrouted.js";
import { serverCallScope } from "./call-context.js";

/** 501 UNIMPLEMENTED (gRPC UNIMPLEMENTED): the server has no such method. */
export function unimplemented(path: string): StrataError {
  return new StrataError(501, KitReason.UNIMPLEMENTED, `the server does not implement the method ${path}`);
}

/** The handler grpc-js runs for a path: its shape as grpc-js keeps it. */
interface GrpcHandler {
  func: (stream: ServerDuplexStream<Buffer, Buffer>) => void;
  serialize: (value: Buffer) => Buffer;
  deserialize: (bytes: Buffer) => Buffer;
  type: "bidi";
  path: string;
}

/** The grpc-js server method that finds the handler of a path (not part of its typed API). */
interface HandlerLookup {
  _retrieveHandler?: (path: string) => unknown;
}

/**
 * Makes `server` answer a method it does not serve through the middleware,
 * as operation UNKNOWN_OPERATION, so the call is logged, counted and traced
 * like any other: grpc-js would answer UNIMPLEMENTED itself, unseen. The
 * stand-in handler is a bidi one, which grpc-js runs at once, without
 * waiting for request messages a streaming caller may never end.
 */
export function answerUnknownMethods(server: Server, middleware: Middleware, defaultTimeoutMs: number): void {
  const lookup = server as unknown as HandlerLookup;
  const retrieve = lookup._retrieveHandler?.bind(server);
  if (retrieve === undefined) throw new Error("GrpcServer: this @grpc/grpc-js has no _retrieveHandler to extend");
  lookup._retrieveHandler = (path) => retrieve(path) ?? unknownMethodHandler(path, middleware, defaultTimeoutMs);
}

function unknownMethodHandler(path: string, middleware: Middleware, defaultTimeoutMs: number): GrpcHandler {
  const identity = (bytes: Buffer): Buffer => bytes;
  return {
    path,
    type: "bidi",
    serialize: identity,
    deserialize: identity,
    func: (stream) => {
      const { serving, dispose } = serverCallScope(stream, unroutedMethod, defaultTimeoutMs, UNKNOWN_OPERATION);
      const fail = (err: unknown): void => {
        try {
          stream.emit("error", toGrpcStatus(toStrataError(err)));
        } finally {
          dispose();
        }
      };
      serving.settle(() => failedCall(middleware, unimplemented(path))(undefined, serving.ctx), fail, fail);
    },
  };
}
