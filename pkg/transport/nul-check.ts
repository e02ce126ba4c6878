import { ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { malformedRequest } from "../errors/kit.js";

/**
 * Finds the first NUL (U+0000) in a string field of `message`, nested
 * messages, lists and maps (keys too) included. Returns the field's dotted
 * path (proto names, `[i]` for list items, `["key"]` for map entries), or
 * undefined when there is none.
 */
export type NulFinder = (message: Message) => string | undefined;

// Per message type: nothing to check for types without strings, so most
// requests cost a lookup and a few `indexOf` calls of short strings.
const finders = new WeakMap<DescMessage, NulFinder | null>();

/**
 * Throws 400 MALFORMED_REQUEST naming the field when a string of a decoded
 * request holds a NUL character. Protobuf allows it, but PostgreSQL (and most
 * text stores) reject it: a request must fail where it is decoded, for both
 * transports alike, not deep in the data layer as a 500.
 */
export function rejectNul(desc: DescMessage, message: Message): void {
  const find = finderOf(desc);
  if (find === null) return;
  const field = find(message);
  if (field !== undefined) {
    throw malformedRequest(`field "${field}" contains a NUL character (U+0000), which strings must not`, { field });
  }
}

/** The finder of a message type, or null when the type holds no strings at any depth. */
function finderOf(desc: DescMessage): NulFinder | null {
  const known = finders.get(desc);
  if (known !== undefined) return known;
  // Recursive types meet themselves while being compiled: they read the slot lazily.
  let compiled: NulFinder | null = null;
  finders.set(desc, (message) => compiled?.(message));
  compiled = compile(desc);
  finders.set(desc, compiled);
  return compiled;
}

type FieldFinder = (value: unknown) => string | undefined;

function compile(desc: DescMessage): NulFinder | null {
  const checks: { field: DescField; find: FieldFinder }[] = [];
  for (const field of desc.fields) {
    const find = fieldFinder(field);
    if (find !== null) checks.push({ field, find });
  }
  if (checks.length === 0) return null;
  return (message) => {
    const record = message as unknown as Record<string, unknown>;
    for (const { field, find } of checks) {
      let value: unknown;
      if (field.oneof === undefined) {
        value = record[field.localName];
      } else {
        const oneof = record[field.oneof.localName] as { case?: string; value?: unknown };
        if (oneof.case !== field.localName) continue;
        value = oneof.value;
      }
      if (value === undefined) continue;
      const at = find(value);
      if (at !== undefined) return field.name + at;
    }
    return undefined;
  };
}

/** How to find a NUL in one field's value; the path it returns is relative to the field ("" for itself). */
function fieldFinder(field: DescField): FieldFinder | null {
  switch (field.fieldKind) {
    case "scalar":
      return field.scalar === ScalarType.STRING ? stringFinder : null;
    case "enum":
      return null;
    case "message":
      // protobuf-es holds a singular wrapper (StringValue) as its plain value.
      if (isWrapperDesc(field.message)) {
        const wrapped = field.message.fields[0];
        return wrapped?.fieldKind === "scalar" && wrapped.scalar === ScalarType.STRING ? stringFinder : null;
      }
      return messageFinder(field.message);
    case "list": {
      const item =
        field.listKind === "scalar"
          ? field.scalar === ScalarType.STRING
            ? stringFinder
            : null
          : field.listKind === "message"
            ? messageFinder(field.message)
            : null;
      if (item === null) return null;
      return (value) => {
        const list = value as readonly unknown[];
        for (let i = 0; i < list.length; i++) {
          const at = item(list[i]);
          if (at !== undefined) return `[${i}]${at}`;
        }
        return undefined;
      };
    }
    case "map": {
      const stringKeys = field.mapKey === ScalarType.STRING;
      const entry =
        field.mapKind === "scalar"
          ? field.scalar === ScalarType.STRING
            ? stringFinder
            : null
          : field.mapKind === "message"
            ? messageFinder(field.message)
            : null;
      if (!stringKeys && entry === null) return null;
      return (value) => {
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          const at = entry?.(item) ?? (stringKeys && key.includes("\0") ? "" : undefined);
          if (at !== undefined) return `[${JSON.stringify(key)}]${at}`;
        }
        return undefined;
      };
    }
  }
}

const stringFinder: FieldFinder = (value) => ((value as string).includes("\0") ? "" : undefined);

/** A nested message's finder, its path joined with a dot; null when it holds no strings. */
function messageFinder(desc: DescMessage): FieldFinder | null {
  const nested = finderOf(desc);
  if (nested === null) return null;
  return (value) => {
    const at = nested(value as Message);
    return at === undefined ? undefined : `.${at}`;
  };
}
