import { create } from "@bufbuild/protobuf";
import { anyIs, anyPack, anyUnpack } from "@bufbuild/protobuf/wkt";
import { ErrorInfoSchema, type ErrorInfo } from "../gen/google/rpc/error_details_pb.js";
import { StatusSchema, type Status } from "../gen/google/rpc/status_pb.js";
import { StrataError } from "./error.js";
import { grpcCodeFromHttp, grpcCodeName, httpCodeFromGrpc } from "./grpc-code.js";

/**
 * The rich status of an error, as gRPC sends it in `grpc-status-details-bin`:
 * google.rpc.Status{code, message, details: [ErrorInfo{reason, domain, metadata}]}.
 * `domain` names the logical group the reason belongs to (the kit uses the
 * protobuf package of the service that failed); it may be empty.
 */
export function toRpcStatus(err: StrataError, domain = ""): Status {
  const info = create(ErrorInfoSchema, { reason: err.reason, domain, metadata: { ...err.metadata } });
  return create(StatusSchema, {
    code: grpcCodeFromHttp(err.code),
    message: err.message,
    details: [anyPack(ErrorInfoSchema, info)],
  });
}

/** The google.rpc.ErrorInfo among a status's details, if any. */
export function errorInfoOf(status: Status): ErrorInfo | undefined {
  for (const detail of status.details) {
    if (anyIs(detail, ErrorInfoSchema)) return anyUnpack(detail, ErrorInfoSchema);
  }
  return undefined;
}

/**
 * The StrataError a rich status describes: the HTTP code derived from the gRPC
 * code, reason and metadata from its ErrorInfo; without one, the reason is the
 * gRPC code's name (`NOT_FOUND`).
 */
export function fromRpcStatus(status: Status): StrataError {
  const info = errorInfoOf(status);
  const reason = info?.reason || grpcCodeName(status.code);
  return new StrataError(httpCodeFromGrpc(status.code), reason, status.message, { ...info?.metadata });
}
