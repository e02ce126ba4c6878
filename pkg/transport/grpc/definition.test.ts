import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EchoRequestSchema, EchoService } from "../../../tools/testdata/echo/v1/echo_pb.js";
import { grpcMethodDefinition, grpcServiceDefinition } from "./definition.js";
import { streamingService } from "./testdata/helpers.js";

describe("grpcServiceDefinition", () => {
  it("keys methods by rpc name, with the path and the protobuf-es name", () => {
    const definition = grpcServiceDefinition(EchoService);
    expect(Object.keys(definition)).toEqual(["Echo", "EchoWithAnExceptionallyLongMethodName"]);
    expect(definition.Echo).toMatchObject({
      path: "/echo.v1.EchoService/Echo",
      originalName: "echo",
      requestStream: false,
      responseStream: false,
    });
  });

  it("marks streaming methods", () => {
    const definition = grpcServiceDefinition(streamingService());
    expect(definition.Watch).toMatchObject({ path: "/stream.v1.StreamService/Watch", responseStream: true });
    expect(definition.Upload).toMatchObject({ requestStream: true, responseStream: false });
  });
});

describe("grpcMethodDefinition", () => {
  it("(de)serialises with protobuf-es binary", () => {
    const method = grpcMethodDefinition(EchoService.method.echo);
    const request = create(EchoRequestSchema, { message: "hello" });
    const bytes = method.requestSerialize(request);
    expect(bytes).toBeInstanceOf(Buffer);
    expect(method.requestDeserialize(bytes)).toEqual(request);
    expect(() => method.requestDeserialize(Buffer.from([0x0f]))).toThrow();
  });
});
