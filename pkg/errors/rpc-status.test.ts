import { create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { ErrorInfoSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../gen/google/rpc/status_pb.js";
import { StrataError } from "./error.js";
import { GrpcCode } from "./grpc-code.js";
import { errorInfoOf, fromRpcStatus, toRpcStatus } from "./rpc-status.js";

describe("toRpcStatus / fromRpcStatus", () => {
  const err = new StrataError(404, "BOOK_NOT_FOUND", "book 42 not found", { id: "42" });

  it("puts the reason and metadata into an ErrorInfo detail", () => {
    const status = toRpcStatus(err, "library.v1");
    expect(status.code).toBe(GrpcCode.NOT_FOUND);
    expect(status.message).toBe("book 42 not found");
    expect(status.details).toHaveLength(1);
    expect(status.details[0].typeUrl).toBe("type.googleapis.com/google.rpc.ErrorInfo");
    const info = errorInfoOf(status);
    expect(info).toMatchObject({ reason: "BOOK_NOT_FOUND", domain: "library.v1", metadata: { id: "42" } });
  });

  it("round-trips code, reason, message and metadata", () => {
    const back = fromRpcStatus(toRpcStatus(err));
    expect(back.toJSON()).toEqual(err.toJSON());
  });

  it("finds the ErrorInfo among other details", () => {
    const status = create(StatusSchema, {
      code: GrpcCode.UNAVAILABLE,
      message: "try later",
      details: [
        anyPack(RetryInfoSchema, create(RetryInfoSchema)),
        anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason: "DB_DOWN" })),
      ],
    });
    expect(fromRpcStatus(status).toJSON()).toEqual({
      code: 503,
      reason: "DB_DOWN",
      message: "try later",
      metadata: {},
    });
  });

  it("takes the gRPC code's name as the reason without an ErrorInfo", () => {
    const status = create(StatusSchema, { code: GrpcCode.ABORTED, message: "conflict" });
    expect(fromRpcStatus(status).toJSON()).toEqual({ code: 409, reason: "ABORTED", message: "conflict", metadata: {} });
  });
});
