// Prints the services a running server lists over gRPC server reflection, one
// per line: `tsx .ci/list-services.ts 127.0.0.1:9000`. .ci/run's template flow
// checks with it that a generated API is served.
import { credentials, loadPackageDefinition, type Client } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";

type ReflectionStream = NodeJS.ReadWriteStream & { write(request: { list_services: string }): boolean };
type ReflectionClient = Client & { ServerReflectionInfo(): ReflectionStream };
interface ListReply {
  list_services_response?: { service: { name: string }[] };
}

const address = process.argv[2] ?? "127.0.0.1:9000";
const root = dirname(createRequire(import.meta.url).resolve("@grpc/reflection/package.json"));
const definition = loadSync(join(root, "build/proto/grpc/reflection/v1/reflection.proto"), { keepCase: true });
const loaded = loadPackageDefinition(definition) as unknown as {
  grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: unknown) => ReflectionClient } } };
};
const client = new loaded.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
const stream = client.ServerReflectionInfo();
const reply = new Promise<ListReply>((resolve, reject) => {
  stream.once("data", resolve);
  stream.once("error", reject);
});
stream.write({ list_services: "" });
const names = (await reply).list_services_response?.service.map((service) => service.name) ?? [];
stream.end();
client.close();
process.stdout.write(names.map((name) => `${name}\n`).join(""));
