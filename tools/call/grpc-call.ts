import {
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  type DescMethod,
  type JsonValue,
  type Registry,
} from "@bufbuild/protobuf";
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { fromGrpcStatus, grpcCodeName } from "../../pkg/errors/index.js";

/** One call to make: the method, its request as proto3 JSON, where and how. */
export interface CallRequest {
  readonly method: DescMethod;
  readonly registry: Registry;
  readonly request: JsonValue;
  /** host:port of the gRPC server. */
  readonly address: string;
  /** Request metadata, name → value. */
  readonly headers: Readonly<Record<string, string>>;
  /** The call's deadline, in ms from now. */
  readonly timeoutMs: number;
}

/** A failed call as the CLI prints it: the gRPC code and message, and the ErrorInfo reason and metadata. */
export interface CallFailure {
  readonly code: string;
  readonly message: string;
  readonly reason: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The replies of a call (one for a unary call, each message for a server stream) as proto3 JSON, or its failure. */
export type CallResult = { readonly ok: true; readonly replies: JsonValue[] } | ({ readonly ok: false } & CallFailure);

/**
 * Calls `method` over gRPC (plaintext): the JSON request is parsed against the
 * method's input type (a bad field fails here, naming it), sent as binary, and
 * each reply comes back as proto3 JSON. Unary and server-streaming methods.
 */
export async function grpcCall(call: CallRequest): Promise<CallResult> {
  const { method, registry } = call;
  if (method.methodKind !== "unary" && method.methodKind !== "server_streaming") {
    throw new Error(
      `${method.parent.typeName}/${method.name} is ${method.methodKind.replace("_", "-")}: only unary and server-streaming calls can be made from here`,
    );
  }
  const request = fromJson(method.input, call.request, { registry });
  const path = `/${method.parent.typeName}/${method.name}`;
  const serialize = (): Buffer => Buffer.from(toBinary(method.input, request));
  const deserialize = (bytes: Buffer): JsonValue =>
    toJson(method.output, fromBinary(method.output, bytes), { registry });
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(call.headers)) metadata.add(name, value);
  const options = { deadline: Date.now() + call.timeoutMs };
  const client = new Client(call.address, credentials.createInsecure());
  try {
    return await new Promise<CallResult>((resolve) => {
      if (method.methodKind === "unary") {
        client.makeUnaryRequest(path, serialize, deserialize, request, metadata, options, (err, reply) => {
          resolve(err ? failure(err) : { ok: true, replies: reply === undefined ? [] : [reply] });
        });
        return;
      }
      const replies: JsonValue[] = [];
      const stream = client.makeServerStreamRequest(path, serialize, deserialize, request, metadata, options);
      stream.on("data", (reply: JsonValue) => replies.push(reply));
      stream.on("error", (err: ServiceError) => resolve(failure(err)));
      stream.on("end", () => resolve({ ok: true, replies }));
    });
  } finally {
    client.close();
  }
}

function failure(err: ServiceError): CallResult {
  // The kit's servers send google.rpc.ErrorInfo in grpc-status-details-bin; fromGrpcStatus decodes it.
  const error = fromGrpcStatus(err);
  return {
    ok: false,
    code: grpcCodeName(err.code),
    message: err.details,
    reason: error.reason,
    metadata: error.metadata,
  };
}
