import { create, createRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Metadata, status as GrpcStatus } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { file_google_rpc_error_details } from "../gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../gen/google/rpc/status_pb.js";
import { StrataError } from "./error.js";
import { fromGrpcStatus, GRPC_STATUS_DETAILS_KEY, toGrpcStatus } from "./grpc-status.js";
import { toStrataError } from "./kit.js";

describe("toGrpcStatus / fromGrpcStatus", () => {
  const err = new StrataError(
    409,
    "BOOK_EXISTS",
    "already there",
    { name: "shelves/1/books/7" },
    { cause: new Error("secret") },
  );

  it("sends the mapped code, the message, and google.rpc.Status in grpc-status-details-bin", () => {
    const status = toGrpcStatus(err, "library.v1");
    expect(status.code).toBe(GrpcStatus.ABORTED);
    expect(status.details).toBe("already there");
    const [bin] = status.metadata.get(GRPC_STATUS_DETAILS_KEY);
    expect(bin).toBeInstanceOf(Buffer);

    // What a client in another language does: decode with the google.rpc descriptors.
    const rich = fromBinary(StatusSchema, bin as Buffer);
    expect(rich.code).toBe(GrpcStatus.ABORTED);
    expect(rich.message).toBe("already there");
    const info = anyUnpack(rich.details[0], createRegistry(file_google_rpc_error_details));
    expect(info?.$typeName).toBe("google.rpc.ErrorInfo");
    expect(info).toMatchObject({
      reason: "BOOK_EXISTS",
      domain: "library.v1",
      metadata: { name: "shelves/1/books/7" },
    });
  });

  it("sends nothing of the cause or the stack", () => {
    const status = toGrpcStatus(toStrataError(new Error("password=hunter2")));
    expect(status.details).toBe("internal error");
    const bytes = status.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer;
    expect(bytes.toString("latin1")).not.toMatch(/hunter2|at .*\.ts/);
  });

  it("round-trips code, reason, message and metadata", () => {
    expect(fromGrpcStatus(toGrpcStatus(err)).toJSON()).toEqual(err.toJSON());
  });

  it("takes the gRPC code's name as the reason without details", () => {
    const back = fromGrpcStatus({
      code: GrpcStatus.UNAVAILABLE,
      details: "connection refused",
      metadata: new Metadata(),
    });
    expect(back.toJSON()).toEqual({ code: 503, reason: "UNAVAILABLE", message: "connection refused", metadata: {} });
  });

  it("ignores details that do not decode", () => {
    const metadata = new Metadata();
    metadata.set(GRPC_STATUS_DETAILS_KEY, Buffer.from([0xff, 0xff, 0xff]));
    const back = fromGrpcStatus({ code: GrpcStatus.NOT_FOUND, details: "gone", metadata });
    expect(back).toMatchObject({ code: 404, reason: "NOT_FOUND", message: "gone" });
  });

  it("keeps the status code over that of the details", () => {
    const metadata = new Metadata();
    const rich = create(StatusSchema, { code: GrpcStatus.NOT_FOUND, message: "x" });
    metadata.set(GRPC_STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, rich)));
    expect(fromGrpcStatus({ code: GrpcStatus.INTERNAL, details: "boom", metadata })).toMatchObject({
      code: 500,
      reason: "INTERNAL",
    });
  });
});
