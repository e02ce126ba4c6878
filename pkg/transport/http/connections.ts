import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Server as TlsServer } from "node:tls";
import { performance } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";

/**
 * How long a connection with no request in flight must have been quiet before
 * a stop closes it. A keep-alive client that is busy sends its next request
 * within this; that request is answered, with `Connection: close`, rather than
 * cut off by a close racing it on the wire.
 */
export const DRAIN_IDLE_GRACE_MS = 250;

/** One open connection. */
interface Connection {
  /** The replies to requests read and not yet answered. */
  readonly inFlight: Set<ServerResponse>;
  /** When it last had no request in flight (`performance.now()`). */
  idleSince: number;
  /** A reply on it says `Connection: close`: Node ends it once that reply is sent. */
  closing: boolean;
}

/**
 * Ends a server's connections on stop without losing a request: a connection
 * with requests in flight once their replies (which carry `Connection: close`)
 * are sent; an idle one once it has been quiet for {@link DRAIN_IDLE_GRACE_MS}
 * and the event loop has read whatever the kernel holds for it — if a request
 * turns up meanwhile, it is served. This includes connections that connected
 * but sent nothing, which Node's closeIdleConnections leaves open. Without
 * this, a keep-alive connection whose reply finished during the stop would
 * hold the stop for the keep-alive timeout.
 */
export class ConnectionDrain {
  readonly #connections = new Map<Socket, Connection>();
  #draining = false;

  /** Starts tracking the instance's connections and requests; call before it listens. */
  constructor(fastify: FastifyInstance) {
    const server = fastify.server;
    // Node's server.close(), which fastify.close() calls, destroys every
    // connection with no request being parsed at that instant, including one
    // whose next request sits unread in the kernel because the event loop is
    // busy: that client gets ECONNRESET for a request it had sent. drain()
    // closes idle connections instead, once that cannot happen.
    server.closeIdleConnections = () => undefined;
    // An HTTPS server's requests arrive on the TLS socket, not the TCP one under it.
    const opened = server instanceof TlsServer ? "secureConnection" : "connection";
    server.on(opened, (socket: Socket) => {
      this.#connections.set(socket, { inFlight: new Set(), idleSince: performance.now(), closing: false });
      socket.once("close", () => this.#connections.delete(socket));
      if (this.#draining) this.#closeWhenQuiet(socket);
    });
    // The raw request event, not a fastify hook: it fires as soon as the request is parsed.
    server.on("request", (request, response) => {
      const connection = this.#connections.get(request.socket);
      if (connection === undefined) return;
      connection.inFlight.add(response);
      if (this.#draining) closeAfter(connection, response);
      // 'close' comes once per response: no need for once()'s wrapper.
      response.on("close", () => this.#finished(request.socket, connection, response));
    });
  }

  /** Ends idle connections once they are quiet, and busy ones as their replies finish. */
  drain(): void {
    this.#draining = true;
    for (const [socket, connection] of this.#connections) {
      for (const response of connection.inFlight) closeAfter(connection, response);
      this.#closeWhenQuiet(socket);
    }
  }

  #finished(socket: Socket, connection: Connection, response: ServerResponse): void {
    connection.inFlight.delete(response);
    if (connection.inFlight.size > 0) return;
    connection.idleSince = performance.now();
    // A reply sent before the drain began kept the connection alive: the client may reuse it at once.
    if (this.#draining && !connection.closing) this.#closeWhenQuiet(socket);
  }

  #closeWhenQuiet(socket: Socket): void {
    const connection = this.#connections.get(socket);
    if (connection === undefined || connection.inFlight.size > 0 || connection.closing) return;
    const since = connection.idleSince;
    const wait = Math.max(0, since + DRAIN_IDLE_GRACE_MS - performance.now());
    setTimeout(
      () =>
        afterPendingReads(() => {
          // Otherwise a request came: its reply, with Connection: close, ends the connection.
          if (connection.inFlight.size === 0 && connection.idleSince === since && !connection.closing) socket.destroy();
        }),
      wait,
    );
  }
}

/**
 * Makes `response` say `Connection: close`, so Node ends the connection once
 * it is sent, unless its headers are out already: then the connection is
 * closed once quiet, as an idle one. A header set on the raw response is
 * merged into the one fastify writes, so no per-reply hook is needed.
 */
function closeAfter(connection: Connection, response: ServerResponse): void {
  if (response.headersSent) return;
  response.setHeader("connection", "close");
  connection.closing = true;
}

/**
 * Runs `fn` after two turns of the event loop, so at least one poll for I/O
 * begins after this call: a request already in the kernel's buffer by now has
 * been read (and counted) by then.
 */
function afterPendingReads(fn: () => void): void {
  setImmediate(() => setImmediate(fn));
}
