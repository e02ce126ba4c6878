import { create, toJson, type DescField, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import type { CompiledRoute } from "./compile.js";
import { jsonWriterFor } from "./json-writer.js";

/**
 * The JSON text of the reply for a response message: proto3 JSON as
 * protobuf-es writes it by default (lowerCamelCase names, fields at their
 * default value left out; written by the compiled json-writer), or with
 * `response_body` that one field's value alone. A response_body field that is
 * unset replies with its default: `[]`, `{}`, `""`, `0`, `false`, the first
 * enum value, or `null` for a message.
 */
export function encodeReply(route: CompiledRoute, message: Message, registry?: Registry): string {
  const output = route.route.rpc.output;
  if (route.responseField === undefined) return jsonWriterFor(output)(message, registry);
  return JSON.stringify(responseBodyJson(route, route.responseField, message, registry));
}

function responseBodyJson(route: CompiledRoute, field: DescField, message: Message, registry?: Registry): JsonValue {
  const output = route.route.rpc.output;
  const source = reflect(output, message);
  if (field.fieldKind === "message") {
    return source.isSet(field) ? toJson(field.message, source.get(field).message, { registry }) : null;
  }
  // The field alone in an otherwise empty message, written as part of it. A
  // scalar or enum at its default is written too (alwaysEmitImplicit, which
  // would also fill in nested messages, so not for lists and maps).
  const only = reflect(output, create(output));
  only.set(field, source.get(field));
  const scalar = field.fieldKind === "scalar" || field.fieldKind === "enum";
  const json = toJson(output, only.message, { registry, alwaysEmitImplicit: scalar }) as Record<string, JsonValue>;
  return json[field.jsonName] ?? (field.fieldKind === "list" ? [] : field.fieldKind === "map" ? {} : null);
}
