import { ScalarType, type DescField, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { malformedRequest } from "../../errors/kit.js";

/** Well-known types whose proto3 JSON form is a string, so a query parameter can carry them. */
const STRING_FORM_WKT = new Set(["google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.Value"]);

/**
 * Converts the text of a path variable or of a query parameter (all its
 * values, in order) into the proto3 JSON value of the field, for fromJson to
 * check and decode. `name` is the field as the client named it, for errors.
 *
 * - scalars as their text (proto3 JSON takes numbers and int64 as strings, bytes
 *   as base64); bools as `true`/`false` (also `1`/`0`);
 * - enums by name, or by number;
 * - Timestamp (RFC 3339), Duration (`1.5s`), wrappers (their scalar) and
 *   FieldMask (`paths=a,b`: comma-separated, snake_case or lowerCamelCase);
 * - repeated fields from repeated parameters, `?tag=a&tag=b`.
 *
 * Other message fields, and maps, cannot be written as text: a 400 says so.
 */
export function jsonFromText(field: DescField, texts: readonly string[], name: string): JsonValue {
  switch (field.fieldKind) {
    case "list":
      switch (field.listKind) {
        case "scalar":
          return texts.map((t) => scalarFromText(field.scalar, t, name));
        case "enum":
          return texts.map((t) => enumFromText(t));
        case "message":
          return texts.map((t) => messageFromText(field.message, t, name));
      }
      break;
    case "map":
      throw malformedRequest(`"${name}" is a map field; maps cannot be set from the URL`, { field: name });
  }
  if (texts.length !== 1) {
    throw malformedRequest(`"${name}" is given ${texts.length} times but is not a repeated field`, { field: name });
  }
  const text = texts[0] ?? "";
  switch (field.fieldKind) {
    case "scalar":
      return scalarFromText(field.scalar, text, name);
    case "enum":
      return enumFromText(text);
    case "message":
      return messageFromText(field.message, text, name);
  }
}

// proto3 JSON numbers are decimal: fromJson would take "0x10", "0b1" or " 7" as Number() does.
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const FLOAT_WORDS = new Set(["NaN", "Infinity", "-Infinity"]);

function scalarFromText(scalar: ScalarType, text: string, name: string): JsonValue {
  switch (scalar) {
    case ScalarType.BOOL:
      if (text === "true" || text === "1") return true;
      if (text === "false" || text === "0") return false;
      break;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      break;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      if (!DECIMAL.test(text) && !FLOAT_WORDS.has(text)) throw notDecimal(text, name);
      break;
    default:
      if (!DECIMAL.test(text)) throw notDecimal(text, name);
  }
  // Everything else goes as text: proto3 JSON accepts numbers as strings, and
  // fromJson rejects what is not valid for the field (a bool that is not one).
  return text;
}

function notDecimal(text: string, name: string): Error {
  return malformedRequest(`"${name}" must be a decimal number, not "${text}"`, { field: name });
}

function enumFromText(text: string): JsonValue {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function messageFromText(desc: DescMessage, text: string, name: string): JsonValue {
  if (STRING_FORM_WKT.has(desc.typeName)) return text;
  if (desc.typeName === "google.protobuf.FieldMask") return fieldMaskFromText(text);
  if (isWrapperDesc(desc)) {
    const value = desc.fields[0];
    return value.fieldKind === "scalar" ? scalarFromText(value.scalar, text, name) : text;
  }
  throw malformedRequest(
    `"${name}" is a ${desc.typeName} message; set its fields one by one, e.g. "${name}.<field>=..."`,
    { field: name },
  );
}

/** FieldMask paths from `a,b.c_d`, in the lowerCamelCase JSON form fromJson expects. */
export function fieldMaskFromText(text: string): string {
  return text
    .split(",")
    .filter((p) => p !== "")
    .map((path) =>
      path
        .split(".")
        .map((part) => protoCamelCase(part))
        .join("."),
    )
    .join(",");
}
