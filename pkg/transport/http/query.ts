import type { Message, Registry } from "@bufbuild/protobuf";
import { malformedRequest } from "../../errors/kit.js";
import type { CompiledRoute } from "./compile.js";
import { chainName, resolveFieldPath } from "./field-path.js";
import { setField } from "./set-field.js";
import { jsonFromText } from "./text-value.js";

/**
 * Sets the request fields named by the query string: every field the path and
 * body do not bind. Names are dotted field paths (`filter.pages.min`), by proto
 * or JSON name; a repeated field takes repeated parameters; `mask.paths=a`
 * also sets a FieldMask. Values are converted by jsonFromText.
 *
 * A parameter naming no field, or a field the path or body binds, is a 400
 * MALFORMED_REQUEST naming it: a typo must not pass silently.
 */
export function bindQuery(route: CompiledRoute, message: Message, query: string, registry: Registry | undefined): void {
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(query)) {
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  if (params.size === 0) return;

  const input = route.route.rpc.input;
  const bound = [...route.pathFields.keys()];
  if (route.body.kind === "field") bound.push(route.body.field.name);

  const oneofs = new Map<string, string>();
  for (const [key, texts] of params) {
    if (route.body.kind === "all") {
      throw malformedRequest(`unknown query parameter "${key}": the request body carries every field`, { field: key });
    }
    const resolved = resolveFieldPath(input, key.split("."), true);
    if ("problem" in resolved) {
      throw malformedRequest(`unknown query parameter "${key}": ${resolved.problem}`, { field: key });
    }
    let chain = resolved.chain;
    let values = texts;
    const parent = chain[chain.length - 2];
    if (parent?.fieldKind === "message" && parent.message.typeName === "google.protobuf.FieldMask") {
      // mask.paths=a&mask.paths=b is the FieldMask mask=a,b.
      chain = chain.slice(0, -1);
      values = [texts.join(",")];
    }
    for (const [i, field] of chain.slice(0, -1).entries()) {
      if (field.fieldKind === "message" && field.message.typeName.startsWith("google.protobuf.")) {
        const wkt = chainName(chain.slice(0, i + 1));
        throw malformedRequest(`query parameter "${key}": set "${wkt}" in its JSON form, e.g. "${wkt}=..."`, {
          field: key,
        });
      }
    }
    const name = chainName(chain);
    if (bound.some((b) => name === b || name.startsWith(`${b}.`) || b.startsWith(`${name}.`))) {
      throw malformedRequest(`query parameter "${key}" names a field the path or body already sets`, { field: key });
    }
    const leaf = chain[chain.length - 1];
    if (leaf === undefined) continue;
    if (leaf.oneof !== undefined) {
      const oneof = `${chainName(chain.slice(0, -1))}.${leaf.oneof.name}`;
      const other = oneofs.get(oneof);
      if (other !== undefined) {
        throw malformedRequest(`query parameters "${other}" and "${key}" set the same oneof, ${leaf.oneof.name}`, {
          field: key,
        });
      }
      oneofs.set(oneof, key);
    }
    setField(input, message, chain, jsonFromText(leaf, values, name), `query parameter "${key}"`, registry);
  }
}
