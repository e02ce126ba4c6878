import type { Registry } from "@bufbuild/protobuf";
import type { Middleware } from "../../middleware/middleware.js";
import type { TlsFileWatcher } from "../../tls/watcher.js";
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
  /**
   * Serve HTTPS with these certificate files, following them as they are
   * renewed (new connections get the new certificate); plain HTTP without.
   */
  tls: TlsFileWatcher | undefined;
  /** Resolves google.protobuf.Any and extensions in JSON; none by default. */
  registry: Registry | undefined;
  /**
   * Told of what fails in the transport itself, outside the middleware chain:
   * a reply that could not be sent, a server error before any route (`ctx`
   * undefined). What a handler throws is the chain's to report (the logging
   * middleware's access line), never this.
   */
  onError: (err: unknown, ctx: CallContext | undefined) => void;
}

/** The defaults of every HttpServerOptions field. */
export const defaultHttpServerOptions: Readonly<HttpServerOptions> = {
  addr: "0.0.0.0:8000",
  bodyLimit: 1024 * 1024,
  timeout: 0,
  middleware: (next) => next,
  tls: undefined,
  registry: undefined,
  onError: (err, ctx) => console.error(`http ${ctx?.operation ?? "request"}: unexpected error`, err),
};
