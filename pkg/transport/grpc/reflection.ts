import { toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";

type PackageDefinition = ConstructorParameters<typeof ReflectionService>[0];

/**
 * Serves gRPC server reflection (v1 and v1alpha) for the given services, so
 * grpcurl and GUI clients can list and call them without the .proto files.
 * The descriptors come from the protobuf-es generated code, dependencies included.
 */
export function addReflection(server: Server, services: readonly DescService[]): void {
  const files = new Map<string, DescFile>();
  const collect = (file: DescFile): void => {
    if (files.has(file.name)) return;
    files.set(file.name, file);
    file.dependencies.forEach(collect);
  };
  services.forEach((service) => collect(service.file));
  const fileDescriptorProtos = [...files.values()].map((file) =>
    Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)),
  );
  // @grpc/reflection reads only `fileDescriptorProtos` from each entry of a proto-loader package definition.
  const definition = Object.fromEntries(
    services.map((service) => [
      service.typeName,
      { format: "Protocol Buffer 3 DescriptorProto", fileDescriptorProtos },
    ]),
  ) as unknown as PackageDefinition;
  new ReflectionService(definition, { services: services.map((service) => service.typeName) }).addToServer(server);
}
