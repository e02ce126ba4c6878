import { create, ScalarType, type DescField, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { rejectNul } from "../nul-check.js";
import { bindBody } from "./body.js";
import type { CompiledRoute } from "./compile.js";
import { bindQuery } from "./query.js";
import { setField } from "./set-field.js";
import { jsonFromText } from "./text-value.js";

/** The parts of an HTTP request that make up the rpc's request message. */
export interface RequestParts {
  /** The path variables by dotted field path, decoded (from matchTemplate). */
  readonly path: ReadonlyMap<string, string>;
  /** The query string without `?`, still encoded. */
  readonly query: string;
  /** The parsed JSON body, or undefined for an empty one. */
  readonly body: JsonValue | undefined;
}

/**
 * Transcodes an HTTP request into the rpc's request message: the body first,
 * then the path variables (they win over the same field in the body), then
 * the query string for the fields neither binds. A string holding NUL, from
 * any of them, is a 400 MALFORMED_REQUEST naming the field.
 */
export function bindRequest(route: CompiledRoute, parts: RequestParts, registry?: Registry): Message {
  const input = route.route.rpc.input;
  const message = create(input);
  bindBody(route, message, parts.body, registry);
  for (const [name, text] of parts.path) {
    const chain = route.pathFields.get(name);
    const leaf = chain?.[chain.length - 1];
    if (chain === undefined || leaf === undefined) continue;
    if (chain.length === 1 && isPlainStringField(leaf)) {
      // The common `{id}` case: the text is the value, nothing to convert or check.
      (message as unknown as Record<string, unknown>)[leaf.localName] = text;
      continue;
    }
    setField(input, message, chain, jsonFromText(leaf, [text], name), `path variable "${name}"`, registry);
  }
  if (parts.query !== "") bindQuery(route, message, parts.query, registry);
  rejectNul(input, message);
  return message;
}

/** A singular string field outside any oneof: protobuf-es keeps its value as a plain property. */
function isPlainStringField(field: DescField): boolean {
  return field.fieldKind === "scalar" && field.scalar === ScalarType.STRING && field.oneof === undefined;
}
