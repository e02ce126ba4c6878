// The gRPC baseline of `make bench`: a plain @grpc/grpc-js server, written the
// way a hand-rolled grpc-js service would be, serving the target's gRPC method
// with protobuf-es binary (de)serialisation and answering every call with the
// same message (BENCH_REPLY_JSON, proto3 JSON of the method's output), nothing else on.
import { fromBinary, fromJsonString, toBinary } from "@bufbuild/protobuf";
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { selectedTarget } from "../targets.js";

const method = (await selectedTarget()).grpcMethod;
const reply = fromJsonString(method.output, process.env["BENCH_REPLY_JSON"] ?? "{}");
const port = Number(process.env["BENCH_PORT"] ?? 0);

const definition: ServiceDefinition = {
  [method.name]: {
    path: `/${method.parent.typeName}/${method.name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: (message) => Buffer.from(toBinary(method.input, message)),
    requestDeserialize: (bytes: Buffer) => fromBinary(method.input, bytes),
    responseSerialize: (message) => Buffer.from(toBinary(method.output, message)),
    responseDeserialize: (bytes: Buffer) => fromBinary(method.output, bytes),
  },
};
const implementation: UntypedServiceImplementation = {
  [method.name]: (_call: unknown, callback: (error: null, value: unknown) => void) => callback(null, reply),
};

const server = new Server();
server.addService(definition, implementation);
server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
});
process.once("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
