import { Code } from "../gen/google/rpc/code_pb.js";

/** A gRPC status code (google.rpc.Code): 0 OK … 16 UNAUTHENTICATED. */
export { Code as GrpcCode };

// The codes with a counterpart both ways; the rest of each table lists where
// the other codes go, so every mapping is spelled out here and nowhere else.
const HTTP_TO_GRPC: ReadonlyMap<number, Code> = new Map([
  [400, Code.INVALID_ARGUMENT],
  [401, Code.UNAUTHENTICATED],
  [403, Code.PERMISSION_DENIED],
  [404, Code.NOT_FOUND],
  [405, Code.UNIMPLEMENTED],
  [408, Code.DEADLINE_EXCEEDED],
  // A conflict with the resource's current state (a stale etag, a concurrent
  // change): the client should re-read and retry, which is ABORTED in gRPC.
  // ALREADY_EXISTS from another server still maps back to 409.
  [409, Code.ABORTED],
  [410, Code.NOT_FOUND],
  [412, Code.FAILED_PRECONDITION],
  [413, Code.RESOURCE_EXHAUSTED],
  [416, Code.OUT_OF_RANGE],
  [422, Code.INVALID_ARGUMENT],
  [428, Code.FAILED_PRECONDITION],
  [429, Code.RESOURCE_EXHAUSTED],
  [499, Code.CANCELLED],
  [500, Code.INTERNAL],
  [501, Code.UNIMPLEMENTED],
  [502, Code.UNAVAILABLE],
  [503, Code.UNAVAILABLE],
  [504, Code.DEADLINE_EXCEEDED],
]);

const GRPC_TO_HTTP: ReadonlyMap<Code, number> = new Map([
  [Code.OK, 200],
  [Code.CANCELLED, 499],
  [Code.UNKNOWN, 500],
  [Code.INVALID_ARGUMENT, 400],
  [Code.DEADLINE_EXCEEDED, 504],
  [Code.NOT_FOUND, 404],
  [Code.ALREADY_EXISTS, 409],
  [Code.PERMISSION_DENIED, 403],
  [Code.UNAUTHENTICATED, 401],
  [Code.RESOURCE_EXHAUSTED, 429],
  [Code.FAILED_PRECONDITION, 412],
  [Code.ABORTED, 409],
  [Code.OUT_OF_RANGE, 400],
  [Code.UNIMPLEMENTED, 501],
  [Code.INTERNAL, 500],
  [Code.UNAVAILABLE, 503],
  [Code.DATA_LOSS, 500],
]);

/**
 * The gRPC status code an error with this HTTP status is sent with. Statuses
 * without a counterpart fall back by class: other 4xx → INVALID_ARGUMENT
 * (back as 400), other 5xx → INTERNAL (back as 500), anything else → UNKNOWN.
 */
export function grpcCodeFromHttp(httpCode: number): Code {
  const code = HTTP_TO_GRPC.get(httpCode);
  if (code !== undefined) return code;
  if (httpCode >= 400 && httpCode < 500) return Code.INVALID_ARGUMENT;
  if (httpCode >= 500 && httpCode < 600) return Code.INTERNAL;
  return Code.UNKNOWN;
}

/** The HTTP status of an error received with this gRPC status code; 500 for codes gRPC does not define. */
export function httpCodeFromGrpc(code: number): number {
  return GRPC_TO_HTTP.get(code) ?? 500;
}

/** The canonical name of a gRPC status code (`NOT_FOUND`); `UNKNOWN` for codes gRPC does not define. */
export function grpcCodeName(code: number): string {
  return GRPC_TO_HTTP.has(code) ? Code[code] : Code[Code.UNKNOWN];
}
