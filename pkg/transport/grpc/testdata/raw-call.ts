import { connect, type ClientHttp2Session, type OutgoingHttpHeaders } from "node:http2";

/** What a server answered a raw gRPC call: the HTTP status, the gRPC status and message (decoded). */
export interface RawAnswer {
  readonly httpStatus: number;
  readonly grpcStatus: number | undefined;
  readonly grpcMessage: string;
  /** The length in bytes of every header and trailer value together. */
  readonly headerBytes: number;
}

/** One gRPC message frame: flag byte, big-endian length, payload. */
export function grpcFrame(payload: Uint8Array, compressed = false): Buffer {
  const head = Buffer.alloc(5);
  head[0] = compressed ? 1 : 0;
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/**
 * Test support: sends `body` as it is (frames, garbage, nothing) on one
 * HTTP/2 stream to `path`, with the gRPC content type and `headers`, and
 * reads the answer as no gRPC library would let a client send it.
 */
export function rawGrpcCall(
  address: string,
  path: string,
  body: Uint8Array,
  headers: OutgoingHttpHeaders = {},
  session?: ClientHttp2Session,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const client = session ?? connect(`http://${address}`);
    const done = (answer: RawAnswer | Error): void => {
      if (session === undefined) client.close();
      if (answer instanceof Error) reject(answer);
      else resolve(answer);
    };
    client.once("error", done);
    const request = client.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      ...headers,
    });
    let head: Record<string, unknown> = {};
    let tail: Record<string, unknown> = {};
    request.on("response", (h) => (head = h));
    request.on("trailers", (t) => (tail = t));
    request.on("data", () => undefined);
    request.on("error", done);
    request.on("close", () => {
      const all = { ...head, ...tail };
      const status = all["grpc-status"];
      const message = all["grpc-message"];
      const headerBytes = Object.values(all).reduce<number>((n, v) => n + String(v).length, 0);
      done({
        httpStatus: Number(head[":status"]),
        grpcStatus: status === undefined ? undefined : Number(status),
        grpcMessage: typeof message === "string" ? decodeURIComponent(message) : "",
        headerBytes,
      });
    });
    request.end(body);
  });
}
