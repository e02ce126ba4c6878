import { getOption, hasOption, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { FieldBehavior, field_behavior } from "../../pkg/gen/google/api/field_behavior_pb.js";
import { commentOf } from "./comments.js";
import { isValidateRequired, itemRules, messageRuleTexts, rulesOf, valueKeywords } from "./constraints.js";
import { schemaRef, type JsonObject } from "./json-schema.js";
import { mapKeyPattern, scalarSchema } from "./scalars.js";
import { NULL_VALUE_SCHEMA, wellKnownSchema } from "./well-known.js";

/**
 * The schemas of `components.schemas`, one per message and enum the document
 * refers to (named by full type name, e.g. `library.v1.Book`), in the proto3
 * JSON mapping: lowerCamelCase property names, 64-bit integers as strings,
 * bytes as base64, enums by name, maps as objects, well-known types as the
 * JSON they are written as. Field behaviors and buf.validate rules become
 * `required`, `readOnly`, `writeOnly` and the keywords that state them.
 */
export class SchemaSet {
  readonly #schemas = new Map<string, JsonObject>();

  /** `{ $ref }` to the schema of a message, added (with the types it uses) on first use. */
  message(desc: DescMessage): JsonObject {
    if (!this.#schemas.has(desc.typeName)) {
      this.#schemas.set(desc.typeName, {});
      this.#schemas.set(desc.typeName, this.#messageSchema(desc));
    }
    return schemaRef(desc.typeName);
  }

  /** `{ $ref }` to the schema of an enum, added on first use. */
  enum(desc: DescEnum): JsonObject {
    if (!this.#schemas.has(desc.typeName)) this.#schemas.set(desc.typeName, enumSchema(desc));
    return schemaRef(desc.typeName);
  }

  /** The schema of a field's value: its type, rules, behaviors, description and deprecation. */
  field(field: DescField): JsonObject {
    const rules = rulesOf(field);
    const schema = this.#valueOf(field, rules);
    const behaviors = behaviorsOf(field);
    const description = commentOf(field);
    return {
      ...schema,
      ...(description !== undefined ? { description } : {}),
      ...(behaviors.has(FieldBehavior.OUTPUT_ONLY) ? { readOnly: true } : {}),
      ...(behaviors.has(FieldBehavior.INPUT_ONLY) ? { writeOnly: true } : {}),
      ...(field.deprecated ? { deprecated: true } : {}),
    };
  }

  /** The schema of a message's fields as an object, less the fields `omit` names (by proto name). */
  objectOf(desc: DescMessage, omit: ReadonlySet<string> = new Set()): JsonObject {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const field of desc.fields) {
      if (omit.has(field.name)) continue;
      properties[field.jsonName] = this.field(field);
      if (isRequired(field)) required.push(field.jsonName);
    }
    const oneofs = desc.oneofs
      .filter((oneof) => oneof.fields.some((f) => !omit.has(f.name)))
      .map((oneof) => atMostOne(oneof.fields.filter((f) => !omit.has(f.name)).map((f) => f.jsonName)));
    return {
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(oneofs.length > 0 ? { allOf: oneofs } : {}),
      additionalProperties: false,
    };
  }

  /** The schemas added so far, by name, sorted. */
  components(): JsonObject {
    return Object.fromEntries([...this.#schemas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  #messageSchema(desc: DescMessage): JsonObject {
    const wkt = wellKnownSchema(desc.typeName);
    if (wkt !== undefined) return wkt;
    const comment = commentOf(desc);
    const rules = messageRuleTexts(desc);
    const ruleText = rules.length > 0 ? `Rules: ${rules.join("; ")}.` : undefined;
    const description = [comment, ruleText].filter((t) => t !== undefined).join("\n\n");
    return {
      ...(description !== "" ? { description } : {}),
      ...this.objectOf(desc),
      ...(desc.deprecated ? { deprecated: true } : {}),
    };
  }

  #valueOf(field: DescField, rules: ReturnType<typeof rulesOf>): JsonObject {
    const nested = itemRules(rules);
    switch (field.fieldKind) {
      case "scalar":
        return bounded(scalarSchema(field.scalar), valueKeywords(rules));
      case "enum":
        return this.#enumValue(field.enum, rules);
      case "message":
        return this.message(field.message);
      case "list": {
        let items: JsonObject;
        switch (field.listKind) {
          case "scalar":
            items = bounded(scalarSchema(field.scalar), valueKeywords(nested.items));
            break;
          case "enum":
            items = this.#enumValue(field.enum, nested.items);
            break;
          case "message":
            items = this.message(field.message);
            break;
        }
        return { type: "array", items, ...valueKeywords(rules) };
      }
      case "map": {
        let values: JsonObject;
        switch (field.mapKind) {
          case "scalar":
            values = bounded(scalarSchema(field.scalar), valueKeywords(nested.values));
            break;
          case "enum":
            values = this.#enumValue(field.enum, nested.values);
            break;
          case "message":
            values = this.message(field.message);
            break;
        }
        const keyPattern = mapKeyPattern(field.mapKey);
        const keyRules = valueKeywords(nested.keys);
        const propertyNames =
          keyPattern !== undefined || Object.keys(keyRules).length > 0
            ? {
                propertyNames: {
                  type: "string",
                  ...(keyPattern !== undefined ? { pattern: keyPattern } : {}),
                  ...keyRules,
                },
              }
            : {};
        return { type: "object", additionalProperties: values, ...propertyNames, ...valueKeywords(rules) };
      }
    }
  }

  #enumValue(desc: DescEnum, rules: ReturnType<typeof rulesOf>): JsonObject {
    if (desc.typeName === "google.protobuf.NullValue") return NULL_VALUE_SCHEMA;
    const nameOf = (n: number): string => desc.values.find((v) => v.number === n)?.name ?? String(n);
    return { ...this.enum(desc), ...valueKeywords(rules, nameOf) };
  }
}

/** A scalar's schema with a rule's keywords; an exclusive bound replaces the type's inclusive one. */
function bounded(scalar: JsonObject, keywords: JsonObject): JsonObject {
  const schema = { ...scalar, ...keywords };
  if (keywords.exclusiveMinimum !== undefined && keywords.minimum === undefined) delete schema.minimum;
  if (keywords.exclusiveMaximum !== undefined && keywords.maximum === undefined) delete schema.maximum;
  return schema;
}

/** Whether a field must be present: field_behavior REQUIRED, or buf.validate's `required`. */
export function isRequired(field: DescField): boolean {
  return behaviorsOf(field).has(FieldBehavior.REQUIRED) || isValidateRequired(field);
}

/** The google.api.field_behavior values of a field. */
export function behaviorsOf(field: DescField): ReadonlySet<FieldBehavior> {
  return new Set(hasOption(field, field_behavior) ? getOption(field, field_behavior) : []);
}

/** An enum in proto3 JSON: its value names (the server writes names; it also reads numbers). */
function enumSchema(desc: DescEnum): JsonObject {
  const comment = commentOf(desc);
  const values = desc.values.map((v) => {
    const text = commentOf(v);
    return `- \`${v.name}\`${text !== undefined ? `: ${text.replace(/\s*\n\s*/g, " ")}` : ""}`;
  });
  const description = [comment, values.join("\n")].filter((t) => t !== undefined && t !== "").join("\n\n");
  return {
    type: "string",
    enum: desc.values.map((v) => v.name),
    ...(description !== "" ? { description } : {}),
    ...(desc.deprecated ? { deprecated: true } : {}),
  };
}

/** A oneof: at most one of its fields is present (exactly one branch holds: one of them, or none). */
function atMostOne(names: readonly string[]): JsonObject {
  const present = names.map((name) => ({ required: [name] }));
  const none = { properties: Object.fromEntries(names.map((name) => [name, false])) };
  return { oneOf: [...present, none] };
}
