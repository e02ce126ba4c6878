import { getOption, hasOption, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import {
  field as fieldRules,
  FieldRulesSchema,
  Ignore,
  message as messageRules,
  type FieldRules,
} from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import type { JsonLike, JsonObject } from "./json-schema.js";

/** The buf.validate rules of a field, or undefined when it has none or they are ignored always. */
export function rulesOf(field: DescField): FieldRules | undefined {
  if (!hasOption(field, fieldRules)) return undefined;
  const rules = getOption(field, fieldRules);
  return rules.ignore === Ignore.ALWAYS ? undefined : rules;
}

/** Whether buf.validate requires the field to be set. */
export function isValidateRequired(field: DescField): boolean {
  return rulesOf(field)?.required === true;
}

/** The messages of a message's CEL rules (buf.validate.message), for its description. */
export function messageRuleTexts(desc: DescMessage): string[] {
  if (!hasOption(desc, messageRules)) return [];
  return getOption(desc, messageRules)
    .cel.map((rule) => rule.message || rule.expression)
    .filter((text) => text !== "");
}

/** The fields of a rules message that are set, by local name (a oneof member by its own name). */
function given(rules: Message): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const r = reflect(rulesDesc(rules), rules);
  for (const field of r.fields) {
    if (!r.isSet(field)) continue;
    const value = field.fieldKind === "list" ? [...(r.get(field) as Iterable<unknown>)] : r.get(field);
    values.set(field.localName, value);
  }
  return values;
}

// reflect() needs the descriptor of a rules message: collected once from FieldRules.
function rulesDesc(rules: Message): DescMessage {
  const desc = RULE_DESCS.get(rules.$typeName);
  if (desc === undefined) throw new Error(`no descriptor for ${rules.$typeName}`);
  return desc;
}
const RULE_DESCS = new Map<string, DescMessage>();

/** Registers the descriptors of buf.validate's rule messages, from the FieldRules descriptor. */
function collectRuleDescs(desc: DescMessage): void {
  if (RULE_DESCS.has(desc.typeName)) return;
  RULE_DESCS.set(desc.typeName, desc);
  for (const f of desc.fields) if (f.message !== undefined) collectRuleDescs(f.message);
}
collectRuleDescs(FieldRulesSchema);

const NUMBER_RULES = new Set([
  "buf.validate.FloatRules",
  "buf.validate.DoubleRules",
  "buf.validate.Int32Rules",
  "buf.validate.UInt32Rules",
  "buf.validate.SInt32Rules",
  "buf.validate.Fixed32Rules",
  "buf.validate.SFixed32Rules",
]);

const STRING_FORMATS: Readonly<Record<string, string>> = {
  email: "email",
  hostname: "hostname",
  ipv4: "ipv4",
  ipv6: "ipv6",
  uri: "uri",
  uriRef: "uri-reference",
  uuid: "uuid",
};

/**
 * The JSON Schema keywords that say what a field's rules say of one value
 * (a list's or map's element rules are applied by the caller through
 * `itemRules`): lengths, patterns, ranges, const, in/not_in, formats. Rules
 * that JSON Schema cannot state (CEL, 64-bit ranges on decimal strings, byte
 * lengths of base64) are left to the server, which checks them all.
 */
export function valueKeywords(rules: FieldRules | undefined, enumNames?: (n: number) => string): JsonObject {
  const typed = rules?.type;
  if (typed?.case === undefined) return {};
  const set = given(typed.value);
  const out: JsonObject = {};
  const num = (name: string): number | undefined => {
    const v = set.get(name);
    return typeof v === "number" ? v : undefined;
  };
  if (NUMBER_RULES.has(typed.value.$typeName)) {
    if (num("const") !== undefined) out.const = num("const");
    if (num("gt") !== undefined) out.exclusiveMinimum = num("gt");
    if (num("gte") !== undefined) out.minimum = num("gte");
    if (num("lt") !== undefined) out.exclusiveMaximum = num("lt");
    if (num("lte") !== undefined) out.maximum = num("lte");
    inAndNotIn(set, out, (v) => v as JsonLike);
    return out;
  }
  switch (typed.case) {
    case "string": {
      const len = (name: string): number | undefined => {
        const v = set.get(name);
        return typeof v === "bigint" ? Number(v) : undefined;
      };
      if (set.has("const")) out.const = set.get("const") as string;
      if (len("len") !== undefined) out.minLength = out.maxLength = len("len");
      if (len("minLen") !== undefined) out.minLength = len("minLen");
      if (len("maxLen") !== undefined) out.maxLength = len("maxLen");
      const patterns: string[] = [];
      if (set.has("pattern")) patterns.push(set.get("pattern") as string);
      if (set.has("prefix")) patterns.push(`^${escapeRegex(set.get("prefix") as string)}`);
      if (set.has("suffix")) patterns.push(`${escapeRegex(set.get("suffix") as string)}$`);
      if (set.has("contains")) patterns.push(escapeRegex(set.get("contains") as string));
      if (patterns.length === 1) out.pattern = patterns[0];
      else if (patterns.length > 1) out.allOf = patterns.map((pattern) => ({ pattern }));
      inAndNotIn(set, out, (v) => v as JsonLike);
      const known = typed.value.wellKnown;
      if (known.case !== undefined && known.value === true) {
        const format = STRING_FORMATS[known.case];
        if (format !== undefined) out.format = format;
      }
      return out;
    }
    case "enum": {
      const name = enumNames ?? ((n: number) => String(n));
      if (set.has("const")) out.const = name(set.get("const") as number);
      inAndNotIn(set, out, (v) => name(v as number));
      return out;
    }
    case "repeated": {
      const count = (key: string): number | undefined => {
        const v = set.get(key);
        return typeof v === "bigint" ? Number(v) : undefined;
      };
      if (count("minItems") !== undefined) out.minItems = count("minItems");
      if (count("maxItems") !== undefined) out.maxItems = count("maxItems");
      if (set.get("unique") === true) out.uniqueItems = true;
      return out;
    }
    case "map": {
      const count = (key: string): number | undefined => {
        const v = set.get(key);
        return typeof v === "bigint" ? Number(v) : undefined;
      };
      if (count("minPairs") !== undefined) out.minProperties = count("minPairs");
      if (count("maxPairs") !== undefined) out.maxProperties = count("maxPairs");
      return out;
    }
    default:
      return out;
  }
}

/** The rules of a list's items or a map's keys and values. */
export function itemRules(rules: FieldRules | undefined): {
  items?: FieldRules;
  keys?: FieldRules;
  values?: FieldRules;
} {
  const typed = rules?.type;
  if (typed?.case === "repeated") return { items: typed.value.items };
  if (typed?.case === "map") return { keys: typed.value.keys, values: typed.value.values };
  return {};
}

function inAndNotIn(set: Map<string, unknown>, out: JsonObject, conv: (v: unknown) => JsonLike): void {
  const list = (key: string): unknown[] => {
    const v = set.get(key);
    return Array.isArray(v) ? v : [];
  };
  if (list("in").length > 0) out.enum = list("in").map(conv);
  if (list("notIn").length > 0) out.not = { enum: list("notIn").map(conv) };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
