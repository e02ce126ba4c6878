import type { Registry } from "@bufbuild/protobuf";
import type { Middleware } from "../../middleware/middleware.js";
import type { CallContext } from "../context.js";

/** How an HttpServer listens and serves; every field has a default in `defaultHttpServerOptions`. */
export interface HttpServerOptions {
  /** Where to listen, `host:port`; port 0 picks a free port (see `HttpServer.address`). */
  addr: string;
  /** The largest request body accepted, in bytes; larger ones get 413 PAYLOAD_TOO_LARGE. */
  bodyLimit: number;
  /** The deadline of every call, in ms from its arrival; 0 for none. At the deadline ctx.signal aborts and the client gets 504. */
  timeout: number;
  /** Runs around every handler: the transport-neutral chain, the same as for gRPC. */
  middleware: Middleware;
  /** Resolves google.protobuf.Any and extensions in JSON; none by default. */
  registry: Registry | undefined;
  /**
   * Told of every thrown value that is not a StrataError, before the caller gets
   * a bare 500 INTERNAL: the place to log what went wrong, as nothing of it is
   * sent. The recovery middleware usually sees such errors first.
   */
  onError: (err: unknown, ctx: CallContext | undefined) => void;
}

/** The defaults of every HttpServerOptions field. */
export const defaultHttpServerOptions: Readonly<HttpServerOptions> = {
  addr: "0.0.0.0:8000",
  bodyLimit: 1024 * 1024,
  timeout: 0,
  middleware: (next) => next,
  registry: undefined,
  onError: (err, ctx) => console.error(`http ${ctx?.operation ?? "request"}: unexpected error`, err),
};
