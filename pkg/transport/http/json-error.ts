import { fromJson, type DescField, type DescMessage, type JsonValue, type Registry } from "@bufbuild/protobuf";

/** Where in a JSON value decoding fails: the field path, and whether the key is unknown. */
export interface JsonErrorLocation {
  /** Proto field names joined by dots, list indexes and map keys in brackets: `books[1].page_count`. */
  readonly field: string;
  /** True when the last key of `field` is not a field of its message. */
  readonly unknown: boolean;
}

const MAX_DEPTH = 64;

/**
 * Finds the field a proto3 JSON value fails to decode at, after fromJson has
 * rejected it: fromJson names the field's type but not its path, and the path
 * is what a client needs. Re-decodes one key at a time and descends into the
 * first that fails. Undefined when the failure is not at a single field (a
 * body that is not an object, two members of a oneof).
 */
export function locateJsonError(
  desc: DescMessage,
  json: JsonValue,
  registry: Registry | undefined,
): JsonErrorLocation | undefined {
  return inMessage(desc, json, "", registry, 0);
}

function inMessage(
  desc: DescMessage,
  json: JsonValue,
  path: string,
  registry: Registry | undefined,
  depth: number,
): JsonErrorLocation | undefined {
  if (
    json === null ||
    typeof json !== "object" ||
    Array.isArray(json) ||
    desc.typeName.startsWith("google.protobuf.")
  ) {
    return undefined;
  }
  if (depth > MAX_DEPTH) return undefined;
  const seen = new Set<DescField>();
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.name === key || f.jsonName === key);
    const here = join(path, field?.name ?? key);
    if (field === undefined) return { field: here, unknown: true };
    // Set twice (by proto and JSON name), or a second member of a oneof.
    if (seen.has(field) || (field.oneof && [...seen].some((f) => f.oneof === field.oneof))) {
      return { field: here, unknown: false };
    }
    seen.add(field);
    if (decodes(desc, { [key]: value }, registry)) continue;
    return inField(field, value, here, registry, depth) ?? { field: here, unknown: false };
  }
  return undefined;
}

function inField(
  field: DescField,
  value: JsonValue,
  here: string,
  registry: Registry | undefined,
  depth: number,
): JsonErrorLocation | undefined {
  switch (field.fieldKind) {
    case "message":
      return inMessage(field.message, value, here, registry, depth + 1);
    case "list":
      if (field.listKind !== "message" || !Array.isArray(value)) return undefined;
      for (const [i, item] of value.entries()) {
        if (!decodes(field.message, item, registry)) {
          const at = `${here}[${i}]`;
          return inMessage(field.message, item, at, registry, depth + 1) ?? { field: at, unknown: false };
        }
      }
      return undefined;
    case "map":
      if (field.mapKind !== "message" || value === null || typeof value !== "object" || Array.isArray(value)) {
        return undefined;
      }
      for (const [key, item] of Object.entries(value)) {
        if (!decodes(field.message, item, registry)) {
          const at = `${here}[${key}]`;
          return inMessage(field.message, item, at, registry, depth + 1) ?? { field: at, unknown: false };
        }
      }
      return undefined;
    default:
      return undefined;
  }
}

function decodes(desc: DescMessage, json: JsonValue, registry: Registry | undefined): boolean {
  try {
    fromJson(desc, json, { registry });
    return true;
  } catch {
    return false;
  }
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}
