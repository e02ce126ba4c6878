/**
 * A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) or any other
 * object of the OpenAPI document: keywords to JSON values.
 */
export interface JsonObject {
  [keyword: string]: JsonLike;
}

/** A value the document holds: what JSON.stringify writes as it is. */
export type JsonLike = string | number | boolean | null | JsonLike[] | JsonObject | undefined;

/** `{ $ref }` to a schema of `components.schemas`. */
export function schemaRef(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}
