import { credentials, loadPackageDefinition, type Client } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

type ReflectionStream = NodeJS.ReadWriteStream & { write(request: { list_services: string }): boolean };
type ReflectionClient = Client & { ServerReflectionInfo(): ReflectionStream };
interface ListReply {
  list_services_response?: { service: { name: string }[] };
}

/**
 * The services a running server lists over gRPC server reflection (v1), as
 * grpcurl's `list` asks; rejects with the gRPC error when it has none
 * (UNIMPLEMENTED).
 */
export async function reflectedServices(address: string): Promise<string[]> {
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
  try {
    return (await reply).list_services_response?.service.map((service) => service.name) ?? [];
  } finally {
    stream.end();
    client.close();
  }
}
