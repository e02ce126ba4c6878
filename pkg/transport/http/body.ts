import { mergeFromJson, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { malformedRequest } from "../../errors/kit.js";
import type { CompiledRoute } from "./compile.js";
import { locateJsonError } from "./json-error.js";

/**
 * Decodes the JSON body into the request as the route's `body` says: the whole
 * request for "*", one top-level field for a field name; a route without
 * `body` ignores it. An absent body reads as `{}` (for a field: an empty
 * message, or nothing if the field is not a message). Unknown fields and bad
 * values are a 400 MALFORMED_REQUEST whose `metadata.field` is the field path.
 */
export function bindBody(
  route: CompiledRoute,
  message: Message,
  body: JsonValue | undefined,
  registry: Registry | undefined,
): void {
  const input = route.route.rpc.input;
  let json: JsonValue;
  switch (route.body.kind) {
    case "none":
      return;
    case "all":
      json = body ?? {};
      break;
    case "field": {
      const field = route.body.field;
      if (body === undefined && field.fieldKind !== "message") return;
      json = { [field.jsonName]: body ?? {} };
      break;
    }
  }
  try {
    mergeFromJson(input, message, json, { registry });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const at = locateJsonError(input, json, registry);
    if (at === undefined) throw malformedRequest(`invalid request body: ${detail}`);
    if (at.unknown) throw malformedRequest(`unknown field "${at.field}" in the request body`, { field: at.field });
    throw malformedRequest(`invalid value for field "${at.field}" in the request body: ${detail}`, { field: at.field });
  }
}
