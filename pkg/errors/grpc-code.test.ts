import { describe, expect, it } from "vitest";
import { GrpcCode, grpcCodeFromHttp, grpcCodeName, httpCodeFromGrpc } from "./grpc-code.js";

describe("HTTP ↔ gRPC status codes", () => {
  const pairs: [number, GrpcCode][] = [
    [400, GrpcCode.INVALID_ARGUMENT],
    [401, GrpcCode.UNAUTHENTICATED],
    [403, GrpcCode.PERMISSION_DENIED],
    [404, GrpcCode.NOT_FOUND],
    [409, GrpcCode.ABORTED],
    [412, GrpcCode.FAILED_PRECONDITION],
    [429, GrpcCode.RESOURCE_EXHAUSTED],
    [499, GrpcCode.CANCELLED],
    [500, GrpcCode.INTERNAL],
    [501, GrpcCode.UNIMPLEMENTED],
    [503, GrpcCode.UNAVAILABLE],
    [504, GrpcCode.DEADLINE_EXCEEDED],
  ];

  it.each(pairs)("maps %i to gRPC %i and back", (http, grpc) => {
    expect(grpcCodeFromHttp(http)).toBe(grpc);
    expect(httpCodeFromGrpc(grpc)).toBe(http);
  });

  it.each([
    [GrpcCode.ALREADY_EXISTS, 409],
    [GrpcCode.UNKNOWN, 500],
    [GrpcCode.OUT_OF_RANGE, 400],
    [GrpcCode.DATA_LOSS, 500],
    [GrpcCode.OK, 200],
    [42, 500],
  ])("maps gRPC %i, which has no HTTP counterpart of its own, to %i", (grpc, http) => {
    expect(httpCodeFromGrpc(grpc)).toBe(http);
  });

  it.each([
    [405, GrpcCode.UNIMPLEMENTED],
    [408, GrpcCode.DEADLINE_EXCEEDED],
    [410, GrpcCode.NOT_FOUND],
    [413, GrpcCode.RESOURCE_EXHAUSTED],
    [416, GrpcCode.OUT_OF_RANGE],
    [422, GrpcCode.INVALID_ARGUMENT],
    [428, GrpcCode.FAILED_PRECONDITION],
    [502, GrpcCode.UNAVAILABLE],
  ])("maps the other common status %i to gRPC %i", (http, grpc) => {
    expect(grpcCodeFromHttp(http)).toBe(grpc);
  });

  it("falls back by class: other 4xx → INVALID_ARGUMENT, other 5xx → INTERNAL, the rest → UNKNOWN", () => {
    expect(grpcCodeFromHttp(418)).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(grpcCodeFromHttp(507)).toBe(GrpcCode.INTERNAL);
    expect(grpcCodeFromHttp(200)).toBe(GrpcCode.UNKNOWN);
    expect(grpcCodeFromHttp(302)).toBe(GrpcCode.UNKNOWN);
    expect(grpcCodeFromHttp(-1)).toBe(GrpcCode.UNKNOWN);
  });

  it("names codes as gRPC does", () => {
    expect(grpcCodeName(GrpcCode.NOT_FOUND)).toBe("NOT_FOUND");
    expect(grpcCodeName(GrpcCode.UNAUTHENTICATED)).toBe("UNAUTHENTICATED");
    expect(grpcCodeName(99)).toBe("UNKNOWN");
  });
});
