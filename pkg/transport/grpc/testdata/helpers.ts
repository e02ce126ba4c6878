import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/** A service with a unary, a server-streaming and a client-streaming rpc, built from a hand-written descriptor. */
export function streamingService(): DescService {
  const proto = create(FileDescriptorProtoSchema, {
    name: "stream/v1/stream.proto",
    package: "stream.v1",
    syntax: "proto3",
    messageType: [{ name: "Msg", field: [{ name: "text", number: 1, type: 9, label: 1, jsonName: "text" }] }],
    service: [
      {
        name: "StreamService",
        method: [
          { name: "Get", inputType: ".stream.v1.Msg", outputType: ".stream.v1.Msg" },
          { name: "Watch", inputType: ".stream.v1.Msg", outputType: ".stream.v1.Msg", serverStreaming: true },
          { name: "Upload", inputType: ".stream.v1.Msg", outputType: ".stream.v1.Msg", clientStreaming: true },
        ],
      },
    ],
  });
  const registry = createFileRegistry(proto, () => undefined);
  const service = registry.getService("stream.v1.StreamService");
  if (service === undefined) throw new Error("stream.v1.StreamService did not build");
  return service;
}

/** A promise and the function that resolves it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
