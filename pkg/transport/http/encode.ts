import { create, toJson, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import type { CompiledRoute } from "./compile.js";

/**
 * The JSON reply for a response message: proto3 JSON as protobuf-es writes it
 * by default (lowerCamelCase names, fields at their default value left out),
 * or with `response_body` that one field's value alone. A response_body field
 * that is unset replies with its default: `[]`, `{}`, `""`, `0`, `false`, the
 * first enum value, or `null` for a message.
 */
export function encodeReply(route: CompiledRoute, message: Message, registry?: Registry): JsonValue {
  const output = route.route.rpc.output;
  const field = route.responseField;
  if (field === undefined) return toJson(output, message, { registry });
  const source = reflect(output, message);
  if (field.fieldKind === "message") {
    return source.isSet(field) ? toJson(field.message, source.get(field).message, { registry }) : null;
  }
  // The field alone in an otherwise empty message, so that emitting implicit
  // defaults emits this field's and nothing else's.
  const only = reflect(output, create(output));
  only.set(field, source.get(field));
  const json = toJson(output, only.message, { registry, alwaysEmitImplicit: true });
  return (json as Record<string, JsonValue>)[field.jsonName] ?? null;
}
