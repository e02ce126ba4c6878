import type { Server } from "node:http";
import type { Socket } from "node:net";

/**
 * Sends the replies a server writes during one turn of the event loop
 * together, at the end of that turn: each connection is corked when a request
 * arrives and uncorked once the turn's I/O callbacks (and their promise
 * reactions) have run. A reply is never held past the turn it was written
 * in, but under load the replies to a batch of requests leave back to back,
 * so the clients they wake are woken once per batch rather than once per
 * reply, between which the server went on working.
 */
export function batchReplies(server: Server): void {
  const corked: Socket[] = [];
  const flush = (): void => {
    for (const socket of corked.splice(0)) socket.uncork();
  };
  server.on("request", (request) => {
    const socket = request.socket;
    socket.cork();
    if (corked.push(socket) === 1) setImmediate(flush);
  });
}
