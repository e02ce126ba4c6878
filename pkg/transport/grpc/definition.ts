import { fromBinary, toBinary, type DescMessage, type DescMethod, type DescService } from "@bufbuild/protobuf";
import type { MessageShape } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { operationOf } from "../context.js";

/** A method descriptor with its request and reply types known, as protobuf-es generates them. */
export type TypedMethod<I extends DescMessage, O extends DescMessage> = DescMethod & {
  readonly input: I;
  readonly output: O;
};

/** Bytes as a Buffer without copying them. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The @grpc/grpc-js definition of one method: its path (`/pkg.Service/Method`),
 * kind, and protobuf-es binary (de)serialisation of its messages.
 */
export function grpcMethodDefinition<I extends DescMessage, O extends DescMessage>(
  method: TypedMethod<I, O>,
): MethodDefinition<MessageShape<I>, MessageShape<O>> {
  return {
    path: operationOf(method),
    originalName: method.localName,
    requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
    responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
    requestSerialize: (message) => asBuffer(toBinary(method.input, message)),
    requestDeserialize: (bytes) => fromBinary(method.input, bytes),
    responseSerialize: (message) => asBuffer(toBinary(method.output, message)),
    responseDeserialize: (bytes) => fromBinary(method.output, bytes),
  };
}

/**
 * The @grpc/grpc-js definition of a service, keyed by method name (`GetBook`,
 * with `originalName` `getBook`), as @grpc/proto-loader would produce it: for
 * plain grpc-js servers and clients, and for tools such as reflection.
 */
export function grpcServiceDefinition(service: DescService): ServiceDefinition {
  return Object.fromEntries(service.methods.map((method) => [method.name, grpcMethodDefinition(method)]));
}
