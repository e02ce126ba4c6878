// gRPC load with h2load: unary calls as HTTP/2 POSTs of one pre-encoded gRPC
// message (a file with the 5-byte length prefix), the headers a gRPC client
// sends, one thread, `clients` connections with `streams` calls in flight on
// each. h2load does not read trailers: the gRPC status is checked once before
// the load (grpc-check.ts); here any non-2xx or failed stream fails the run.
import { numberIn, runPinned, type LoadResult } from "./load-generator.js";

/** How h2load loads a gRPC method. */
export interface H2loadOptions {
  readonly cpu: number;
  readonly clients: number;
  readonly streams: number;
  readonly seconds: number;
}

/** Calls `url` (http://host:port/pkg.Service/Method) with the body in `requestFile` and returns the rate. */
export async function h2load(url: string, requestFile: string, options: H2loadOptions): Promise<LoadResult> {
  const output = await runPinned(options.cpu, "h2load", [
    "-t1",
    `-c${options.clients}`,
    `-m${options.streams}`,
    `-D${options.seconds}`,
    "-d",
    requestFile,
    "-H",
    "content-type: application/grpc",
    "-H",
    "te: trailers",
    url,
  ]);
  const requests = numberIn(output, /requests: \d+ total, \d+ started, (\d+) done/, "done count");
  const failed = numberIn(output, /(\d+) failed/, "failed count") + numberIn(output, /(\d+) errored/, "errored count");
  const errorStatuses = numberIn(output, /(\d+) 4xx/, "4xx count") + numberIn(output, /(\d+) 5xx/, "5xx count");
  if (failed > 0 || errorStatuses > 0 || requests === 0) {
    throw new Error(
      `h2load ${url}: ${requests} done, ${failed} failed or errored, ${errorStatuses} 4xx/5xx\n${output}`,
    );
  }
  return { rate: numberIn(output, /finished in [\d.]+m?s, ([\d.]+) req\/s/, "req/s"), requests };
}

/** A unary gRPC request body: the uncompressed-message flag, the length (big-endian) and the message. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}
