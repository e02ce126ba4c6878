import { ScalarType } from "@bufbuild/protobuf";
import type { JsonObject } from "./json-schema.js";
import { scalarSchema } from "./scalars.js";

const WRAPPERS: Readonly<Record<string, ScalarType>> = {
  "google.protobuf.DoubleValue": ScalarType.DOUBLE,
  "google.protobuf.FloatValue": ScalarType.FLOAT,
  "google.protobuf.Int64Value": ScalarType.INT64,
  "google.protobuf.UInt64Value": ScalarType.UINT64,
  "google.protobuf.Int32Value": ScalarType.INT32,
  "google.protobuf.UInt32Value": ScalarType.UINT32,
  "google.protobuf.BoolValue": ScalarType.BOOL,
  "google.protobuf.StringValue": ScalarType.STRING,
  "google.protobuf.BytesValue": ScalarType.BYTES,
};

const SPECIAL: Readonly<Record<string, JsonObject>> = {
  "google.protobuf.Timestamp": {
    type: "string",
    format: "date-time",
    description: "An RFC 3339 date and time in UTC, e.g. 2024-01-31T12:00:00Z, with up to nine fractional digits.",
  },
  "google.protobuf.Duration": {
    type: "string",
    pattern: "^-?[0-9]+(\\.[0-9]{1,9})?s$",
    description: "Seconds with up to nine fractional digits and the suffix s, e.g. 1.5s.",
  },
  "google.protobuf.FieldMask": {
    type: "string",
    description: "Field paths in lowerCamelCase, separated by commas, e.g. title,updateTime.",
  },
  "google.protobuf.Struct": {
    type: "object",
    additionalProperties: true,
    description: "Any JSON object.",
  },
  "google.protobuf.Value": { description: "Any JSON value." },
  "google.protobuf.ListValue": { type: "array", items: {}, description: "Any JSON array." },
  "google.protobuf.Any": {
    type: "object",
    properties: {
      "@type": { type: "string", description: "The URL of the message type, e.g. type.googleapis.com/x.v1.Y." },
    },
    required: ["@type"],
    additionalProperties: true,
    description: "A message of any type: its @type, and its fields (or `value` for a well-known type).",
  },
  "google.protobuf.Empty": { type: "object", additionalProperties: false, description: "An empty object." },
};

/**
 * The schema of a well-known message type that proto3 JSON writes in a form
 * of its own (Timestamp as a string, Struct as any object, wrappers as their
 * value, ...), or undefined for any other message.
 */
export function wellKnownSchema(typeName: string): JsonObject | undefined {
  const special = SPECIAL[typeName];
  if (special !== undefined) return special;
  const wrapped = WRAPPERS[typeName];
  if (wrapped !== undefined)
    return { ...scalarSchema(wrapped), description: `A ${typeName.slice(16)}: its value alone.` };
  return undefined;
}

/** The schema of google.protobuf.NullValue: JSON null. */
export const NULL_VALUE_SCHEMA: JsonObject = { type: "null" };

/** Well-known message types a query parameter can carry, as the text of their JSON form. */
export function isTextWellKnown(typeName: string): boolean {
  return (
    typeName === "google.protobuf.Timestamp" ||
    typeName === "google.protobuf.Duration" ||
    typeName === "google.protobuf.FieldMask" ||
    typeName === "google.protobuf.Value" ||
    typeName in WRAPPERS
  );
}
