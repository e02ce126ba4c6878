import type { Socket } from "node:net";
import { StrataError } from "../../errors/error.js";
import { KitReason } from "../../errors/kit.js";

/** The status line text of the codes a connection-level client error is answered with. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** The kit error for bytes Node's HTTP parser refused, before there was a request to route. */
export function clientErrorOf(err: Error & { code?: string }): StrataError {
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW":
      return new StrataError(
        431,
        KitReason.MALFORMED_REQUEST,
        "the request headers are larger than the server accepts",
      );
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new StrataError(408, KitReason.MALFORMED_REQUEST, "the request did not arrive in time");
    default:
      return new StrataError(400, KitReason.MALFORMED_REQUEST, "the request is not valid HTTP/1.1");
  }
}

/**
 * Answers what Node's HTTP parser refused (a bad Content-Length, a broken
 * request line, headers too large) with the kit's error body instead of
 * fastify's, then closes the connection: there is no request to route or
 * record, and the bytes that follow cannot be trusted.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const error = clientErrorOf(err);
  const body = JSON.stringify(error.toJSON());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${error.code} ${STATUS_TEXT[error.code] ?? "Bad Request"}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
