import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Metadata, type StatusObject } from "@grpc/grpc-js";
import { StatusSchema, type Status } from "../gen/google/rpc/status_pb.js";
import { boundedError } from "./bounded.js";
import { StrataError } from "./error.js";
import { grpcCodeFromHttp, grpcCodeName, httpCodeFromGrpc } from "./grpc-code.js";
import { errorInfoOf, toRpcStatus } from "./rpc-status.js";

/** The trailer that carries the binary google.rpc.Status of a failed gRPC call. */
export const GRPC_STATUS_DETAILS_KEY = "grpc-status-details-bin";

/** The parts of a gRPC status (a grpc-js ServiceError or StatusObject) an error is rebuilt from. */
export interface GrpcStatusLike {
  /** The gRPC status code. */
  code: number;
  /** The status message. */
  details: string;
  /** The trailers, where `grpc-status-details-bin` may be. */
  metadata?: Metadata | null;
}

/**
 * The grpc-js status to fail a call with: the mapped code, the message as
 * `details`, and google.rpc.Status with ErrorInfo{reason, domain, metadata} in
 * `grpc-status-details-bin`, where clients in any language find the reason.
 * Nothing else of the error (stack, cause) is sent, and message and metadata
 * are cut to their bounds (`boundedError`): they travel in HTTP/2 trailers.
 */
export function toGrpcStatus(error: StrataError, domain = ""): StatusObject {
  const err = boundedError(error);
  const metadata = new Metadata();
  metadata.set(GRPC_STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, toRpcStatus(err, domain))));
  // google.rpc.Code and grpc-js's Status number the codes alike.
  const code: number = grpcCodeFromHttp(err.code);
  return { code, details: err.message, metadata };
}

/** The google.rpc.Status in a status's trailers; undefined when absent or undecodable. */
export function richStatusOf(status: GrpcStatusLike): Status | undefined {
  const value = status.metadata?.get(GRPC_STATUS_DETAILS_KEY)[0];
  if (value === undefined || typeof value === "string") return undefined;
  try {
    return fromBinary(StatusSchema, value);
  } catch {
    return undefined;
  }
}

/**
 * The StrataError a failed gRPC call reports: the HTTP code derived from the
 * gRPC code, reason and metadata from the ErrorInfo in `grpc-status-details-bin`
 * or, without one, the reason is the gRPC code's name (`UNAVAILABLE`). The
 * status itself is kept as `cause`.
 */
export function fromGrpcStatus(status: GrpcStatusLike): StrataError {
  const rich = richStatusOf(status);
  const info = rich && errorInfoOf(rich);
  const reason = info?.reason || grpcCodeName(status.code);
  return new StrataError(
    httpCodeFromGrpc(status.code),
    reason,
    status.details,
    { ...info?.metadata },
    { cause: status },
  );
}
