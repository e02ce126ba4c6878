import type { DescMethod, DescService } from "@bufbuild/protobuf";
import {
  createEcmaScriptPlugin,
  type GeneratedFile,
  type ImportSymbol,
  type Plugin,
  type Schema,
} from "@bufbuild/protoplugin";
import { commentOf } from "../shared/comment.js";
import { printList, tidied } from "../shared/print.js";
import { parseRuntimeOption, type RuntimeOption } from "../shared/runtime-option.js";

/** The version stamped into generated files. */
export const PLUGIN_VERSION = "v0.1.0";

/**
 * protoc-gen-strata-grpc: for every `x.proto` with services, writes
 * `x_grpc.ts` with, per service, its @grpc/grpc-js definition, a function that
 * registers an implementation on the kit's GrpcServer, and a typed promise
 * client. The kit serves unary rpcs only: streaming rpcs are left out, and
 * the doc comments of the service's generated code name them.
 */
export const plugin: Plugin = tidied(
  createEcmaScriptPlugin<RuntimeOption>({
    name: "protoc-gen-strata-grpc",
    version: PLUGIN_VERSION,
    parseOptions: parseRuntimeOption,
    generateTs,
  }),
);

interface Runtime {
  GrpcServer: ImportSymbol;
  ServiceImpl: ImportSymbol;
  GrpcConn: ImportSymbol;
  CallOptions: ImportSymbol;
  grpcServiceDefinition: ImportSymbol;
  MessageInitShape: ImportSymbol;
}

function generateTs(schema: Schema<RuntimeOption>): void {
  for (const file of schema.files) {
    if (file.services.length === 0) continue;
    const f = schema.generateFile(`${file.name}_grpc.ts`);
    f.preamble(file);
    const from = `${schema.options.runtime}/transport/grpc/index.js`;
    const runtime: Runtime = {
      GrpcServer: f.import("GrpcServer", from, true),
      ServiceImpl: f.import("ServiceImpl", from, true),
      GrpcConn: f.import("GrpcConn", from, true),
      CallOptions: f.import("CallOptions", from, true),
      grpcServiceDefinition: f.import("grpcServiceDefinition", from),
      MessageInitShape: f.import("MessageInitShape", "@bufbuild/protobuf", true),
    };
    file.services.forEach((service, i) => {
      if (i > 0) f.print();
      printService(f, service, runtime);
    });
  }
}

function printService(f: GeneratedFile, service: DescService, rt: Runtime): void {
  const schema = f.importSchema(service);
  const name = service.name;
  const comment = commentOf(service);
  const streaming = service.methods.filter((method) => method.methodKind !== "unary").map((method) => method.name);
  const note = (what: string): string =>
    streaming.length === 0 ? "" : `\n\nThe kit serves unary rpcs only; left out: ${streaming.join(", ")} (${what}).`;

  f.print(
    f.jsDoc(
      `The @grpc/grpc-js definition of ${service.typeName}, for plain grpc-js servers and clients and for tools such as reflection.`,
    ),
  );
  printList(f, "", [`export const ${name}GrpcDefinition = `, rt.grpcServiceDefinition], [[schema]], [";"]);
  f.print();
  f.print(
    f.jsDoc(
      `Serves ${service.typeName} on \`server\` with \`impl\`: every rpc runs through the server's middleware.${note("callers get UNIMPLEMENTED")}`,
    ),
  );
  printList(
    f,
    "",
    [`export function register${name}Grpc`],
    [
      ["server: ", rt.GrpcServer],
      ["impl: ", rt.ServiceImpl, "<typeof ", schema, ">"],
    ],
    [": void {"],
  );
  f.print("  server.addService(", schema, ", impl);");
  f.print("}");
  f.print();
  f.print(
    f.jsDoc(
      `${comment}A client of ${service.typeName} over gRPC: a failed call rejects with the StrataError the server raised (code, reason, metadata).${note("no client method")}`,
    ),
  );
  f.print(`export class ${name}Client {`);
  f.print("  readonly #conn: ", rt.GrpcConn, ";");
  f.print();
  f.print("  /** A client that calls over `conn`, which clients of other services may share. */");
  f.print("  constructor(conn: ", rt.GrpcConn, ") {");
  f.print("    this.#conn = conn;");
  f.print("  }");
  for (const method of service.methods) {
    if (method.methodKind !== "unary") continue;
    f.print();
    printMethod(f, method, schema, rt);
  }
  f.print("}");
}

function printMethod(f: GeneratedFile, method: DescMethod, service: ImportSymbol, rt: Runtime): void {
  f.print(f.jsDoc(`${commentOf(method)}Calls ${method.parent.typeName}.${method.name}.`, "  "));
  printList(
    f,
    "  ",
    [method.localName],
    [
      ["request: ", rt.MessageInitShape, "<typeof ", f.importSchema(method.input, true), ">"],
      ["options?: ", rt.CallOptions],
    ],
    [": Promise<", f.importShape(method.output), "> {"],
  );
  printList(
    f,
    "    ",
    ["return this.#conn.unary"],
    [[service, `.method.${method.localName}`], ["request"], ["options"]],
    [";"],
  );
  f.print("  }");
}
