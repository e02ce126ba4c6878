import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  CodeGeneratorRequestSchema,
  file_google_protobuf_descriptor,
  FileDescriptorProtoSchema,
  type CodeGeneratorResponse_File,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import type { Plugin } from "@bufbuild/protoplugin";
import { format, resolveConfig } from "prettier";
import { file_strata_errors_errors } from "../../pkg/gen/strata/errors/errors_pb.js";

/** A hand-written test file descriptor: `t/v1/t.proto`, package `t.v1`, importing strata/errors. */
export function testFile(init: MessageInitShape<typeof FileDescriptorProtoSchema>): FileDescriptorProto {
  const file = create(FileDescriptorProtoSchema, init);
  file.name = "t/v1/t.proto";
  file.package = "t.v1";
  file.syntax = "proto3";
  file.dependency = ["strata/errors/errors.proto"];
  return file;
}

/** Runs a plugin on `file` as buf would, and returns the files it writes. */
export function runPlugin(
  plugin: Plugin,
  file: FileDescriptorProto,
  parameter = "target=ts,import_extension=js,runtime=../pkg",
): CodeGeneratorResponse_File[] {
  const request = create(CodeGeneratorRequestSchema, {
    fileToGenerate: [file.name],
    parameter,
    protoFile: [file_google_protobuf_descriptor.proto, file_strata_errors_errors.proto, file],
  });
  return plugin.run(request).file;
}

/** `content` as prettier, with the repository's configuration, formats it. */
export async function prettierFormat(content: string): Promise<string> {
  const config = await resolveConfig(new URL(import.meta.url).pathname);
  return format(content, { ...config, parser: "typescript" });
}
