import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/**
 * Ends a server's connections on stop without cutting a reply short: those
 * with no request in flight at once (including ones that connected but sent
 * nothing, which Node's closeIdleConnections leaves open), the others right
 * after their reply, which carries `Connection: close`. Without this, a
 * keep-alive connection whose reply finished during the stop would hold the
 * stop for the keep-alive timeout.
 */
export class ConnectionDrain {
  // Each open connection, with the number of its requests in flight.
  readonly #inFlight = new Map<Socket, number>();
  #draining = false;

  /** Starts tracking the instance's connections and requests; call before it listens. */
  constructor(fastify: FastifyInstance) {
    fastify.server.on("connection", (socket: Socket) => {
      this.#inFlight.set(socket, 0);
      socket.once("close", () => this.#inFlight.delete(socket));
    });
    fastify.addHook("onRequest", (request, reply, done) => {
      const socket = request.raw.socket;
      this.#inFlight.set(socket, (this.#inFlight.get(socket) ?? 0) + 1);
      reply.raw.once("close", () => this.#finished(socket));
      done();
    });
    fastify.addHook("onSend", (_request, reply, payload, done) => {
      if (this.#draining) reply.header("connection", "close");
      done(null, payload);
    });
  }

  /** Ends idle connections now, and busy ones as their replies finish. */
  drain(): void {
    this.#draining = true;
    for (const [socket, count] of this.#inFlight) if (count === 0) socket.destroy();
  }

  #finished(socket: Socket): void {
    const count = this.#inFlight.get(socket);
    if (count === undefined) return;
    this.#inFlight.set(socket, count - 1);
    if (this.#draining && count - 1 === 0) socket.destroy();
  }
}
