import { ServerCredentials, type ServerOptions } from "@grpc/grpc-js";
import type { Middleware } from "../../middleware/middleware.js";
import type { CallContext } from "../context.js";

/** How a GrpcServer listens and serves; every field has a default in `defaultGrpcServerOptions`. */
export interface GrpcServerOptions {
  /** Where to listen, `host:port`; port 0 picks a free port (see `GrpcServer.port`). */
  addr: string;
  /** The deadline, in ms, of calls whose client sends no `grpc-timeout`; 0 for none. */
  timeout: number;
  /** The largest request message accepted, in bytes; larger ones fail with RESOURCE_EXHAUSTED. */
  maxReceiveMessageLength: number;
  /** Runs around every handler: the transport-neutral chain, the same as for HTTP. */
  middleware: Middleware;
  /** The server's credentials: insecure by default, TLS or mTLS for service-to-service calls. */
  credentials: ServerCredentials;
  /** Further @grpc/grpc-js server options (keepalive, connection age, ...). */
  grpcOptions: ServerOptions;
  /**
   * Told of what fails in the transport itself, outside the middleware chain:
   * a reply or metadata that could not be sent. What a handler throws is the
   * chain's to report (the logging middleware's access line), never this.
   */
  onError: (err: unknown, ctx: CallContext) => void;
}

/** The defaults of every GrpcServerOptions field. */
export const defaultGrpcServerOptions: Readonly<GrpcServerOptions> = {
  addr: "0.0.0.0:9000",
  timeout: 10_000,
  maxReceiveMessageLength: 4 * 1024 * 1024,
  middleware: (next) => next,
  credentials: ServerCredentials.createInsecure(),
  grpcOptions: {},
  onError: (err, ctx) => console.error(`grpc ${ctx.operation}: unexpected error`, err),
};
