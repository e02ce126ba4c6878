import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { CompiledRoute } from "../../pkg/transport/http/index.js";
import type { JsonObject } from "./json-schema.js";
import { jsonPath } from "./paths.js";
import { isRequired, type SchemaSet } from "./schemas.js";
import { isTextWellKnown } from "./well-known.js";

/**
 * The query parameters of a route, as the transcoder reads them: every field
 * neither the path nor the body binds, nested messages as dotted names
 * (`filter.pages.min`), repeated scalars and enums as repeated parameters,
 * and the well-known types with a text form (Timestamp, Duration, FieldMask,
 * wrappers). Maps, repeated messages and other well-known types cannot be set
 * from the query string, so they are not listed. None with `body: "*"`.
 */
export function queryParameters(compiled: CompiledRoute, schemas: SchemaSet): JsonObject[] {
  if (compiled.body.kind === "all") return [];
  const bound = [...compiled.pathFields.keys()];
  if (compiled.body.kind === "field") bound.push(compiled.body.field.name);
  const params: JsonObject[] = [];
  const walk = (desc: DescMessage, chain: readonly DescField[], seen: ReadonlySet<string>): void => {
    for (const field of desc.fields) {
      const at = [...chain, field];
      const name = at.map((f) => f.name).join(".");
      if (bound.some((b) => name === b || name.startsWith(`${b}.`))) continue;
      const queryable = isQueryable(field);
      if (queryable === "leaf") {
        params.push(parameter(at, schemas));
      } else if (queryable === "nested" && field.message !== undefined && !seen.has(field.message.typeName)) {
        walk(field.message, at, new Set([...seen, field.message.typeName]));
      }
    }
  };
  const input = compiled.route.rpc.input;
  walk(input, [], new Set([input.typeName]));
  return params;
}

function isQueryable(field: DescField): "leaf" | "nested" | "no" {
  switch (field.fieldKind) {
    case "scalar":
    case "enum":
      return "leaf";
    case "map":
      return "no";
    case "list":
      return field.listKind === "message" && !isTextWellKnown(field.message.typeName) ? "no" : "leaf";
    case "message":
      if (isTextWellKnown(field.message.typeName)) return "leaf";
      return field.message.typeName.startsWith("google.protobuf.") ? "no" : "nested";
  }
}

function parameter(chain: readonly DescField[], schemas: SchemaSet): JsonObject {
  const leaf = chain[chain.length - 1];
  if (leaf === undefined) throw new Error("empty field chain");
  const { description, deprecated, ...schema } = schemas.field(leaf);
  const repeated = leaf.fieldKind === "list";
  return {
    name: jsonPath(chain),
    in: "query",
    ...(description !== undefined ? { description } : {}),
    ...(chain.length === 1 && isRequired(leaf) ? { required: true } : {}),
    ...(deprecated === true ? { deprecated: true } : {}),
    ...(repeated ? { style: "form", explode: true } : {}),
    schema,
  };
}
