import type { DescFile, DescService } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin, type Plugin, type Schema } from "@bufbuild/protoplugin";
import { hasHttpRule } from "../protoc-gen-strata-http/rules.js";
import { commentOf } from "./comments.js";
import { openApiDocument, type DocumentInfo } from "./document.js";
import type { JsonObject } from "./json-schema.js";
import { parseOpenApiOptions, type OpenApiOptions } from "./options.js";

/**
 * protoc-gen-strata-openapi: for every service with google.api.http rules,
 * writes the OpenAPI 3.1 document of its REST API next to its .proto
 * (`<dir>/<service_name>.openapi.json`), and with `merged=<path>` one
 * document of all of them. Run it with buf's `strategy: all`, so the merged
 * document sees every service at once.
 */
export const plugin: Plugin = createEcmaScriptPlugin<OpenApiOptions>({
  name: "protoc-gen-strata-openapi",
  version: "v0.1.0",
  parseOptions: parseOpenApiOptions,
  generateTs,
});

function generateTs(schema: Schema<OpenApiOptions>): void {
  const files = schema.allFiles;
  const services = schema.files.flatMap((file) => file.services).filter((s) => servedOverHttp(s));
  for (const service of services) {
    const dir = service.file.name.includes("/") ? service.file.name.replace(/\/[^/]*$/, "/") : "";
    const info: DocumentInfo = {
      title: service.typeName,
      version: versionOf([service.file]),
      ...withDescription(commentOf(service)),
    };
    write(schema, `${dir}${snakeCase(service.name)}.openapi.json`, openApiDocument([service], files, info));
  }
  const { merged, title } = schema.options;
  if (merged !== undefined) {
    const info = { title, version: versionOf(services.map((s) => s.file)) };
    write(schema, merged, openApiDocument(services, files, info));
  }
}

function write(schema: Schema<OpenApiOptions>, name: string, document: JsonObject): void {
  schema.generateFile(name).print(JSON.stringify(document, null, 2));
}

function servedOverHttp(service: DescService): boolean {
  return service.methods.some((m) => m.methodKind === "unary" && hasHttpRule(m));
}

function withDescription(description: string | undefined): { description?: string } {
  return description !== undefined ? { description } : {};
}

/** The version of the packages (`library.v1` → `v1`), or `0` when they differ or have none. */
function versionOf(files: readonly DescFile[]): string {
  const versions = new Set(files.map((f) => /\.(v\d+\w*)$/.exec(f.proto.package)?.[1] ?? "0"));
  return versions.size === 1 ? ([...versions][0] ?? "0") : "0";
}

/** `LibraryService` → `library_service`. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
