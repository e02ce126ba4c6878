import {
  protoInt64,
  ScalarType,
  toJson,
  type DescEnum,
  type DescField,
  type DescMessage,
  type Message,
  type Registry,
} from "@bufbuild/protobuf";

/**
 * Turns a message into its proto3 JSON text, the same text as
 * `JSON.stringify(toJson(schema, message, { registry }))`. The registry is only
 * used when the message has to go through protobuf-es.
 */
export type JsonWriter = (message: Message, registry?: Registry) => string;

/** A message's (or a oneof's) own properties, read by name. */
type Fields = Record<string, unknown>;

/** protobuf-es's representation of a oneof group: the selected member's localName and value. */
interface OneofValue {
  readonly case: string | undefined;
  readonly value?: unknown;
}

/** Writes one value (a singular field's, or one list element) as JSON text. Throws to fall back. */
type ValueWriter = (value: unknown) => string;

/** Writes a field as `"jsonName":value`, or returns undefined to leave it out. Throws to fall back. */
type FieldWriter = (message: Fields) => string | undefined;

/** The compiled steps of a message: one writer per field, in protobuf-es's output order. */
interface Plan {
  readonly typeName: string;
  readonly fields: FieldWriter[];
}

// google.protobuf.FeatureSet.FieldPresence, as in protobuf-es's to-json.js.
const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;

const TIMESTAMP = "google.protobuf.Timestamp";
const NULL_VALUE = "google.protobuf.NullValue";

// The range timestampToJson accepts, as the milliseconds it compares against.
const TIMESTAMP_MIN_MS = Date.parse("0001-01-01T00:00:00Z");
const TIMESTAMP_MAX_MS = Date.parse("9999-12-31T23:59:59Z");

/**
 * Thrown inside the compiled path when a value is not what the fast path
 * handles (a wrong type, a timestamp out of range, unknown fields): the whole
 * message is then written by protobuf-es, which writes it or throws its error.
 * One instance, so that throwing costs no stack trace.
 */
const FALL_BACK = new Error("json-writer: fall back to toJson");

const writers = new WeakMap<DescMessage, JsonWriter>();
const plans = new WeakMap<DescMessage, Plan>();

/**
 * Returns the JSON writer of a message schema, built on first use and cached:
 * `jsonWriterFor(schema)(message)` is exactly
 * `JSON.stringify(toJson(schema, message))` (default options), several times
 * faster. Scalars, enums, bytes, nested and repeated messages, oneofs,
 * `optional` and google.protobuf.Timestamp are written by precompiled steps,
 * without reflection. A schema that contains (at any depth) a map, a group, a
 * proto2 required field or another well-known type is always written by
 * protobuf-es; so is a message with unknown fields or with a value the steps
 * do not expect (also how protobuf-es's errors, such as a timestamp out of
 * range, are thrown).
 */
export function jsonWriterFor(schema: DescMessage): JsonWriter {
  let writer = writers.get(schema);
  if (writer === undefined) {
    writer = buildWriter(schema);
    writers.set(schema, writer);
  }
  return writer;
}

function buildWriter(schema: DescMessage): JsonWriter {
  const slow: JsonWriter = (message, registry) => JSON.stringify(toJson(schema, message, { registry }));
  if (!isSupported(schema)) return slow;
  const fast = messageValueWriter(schema);
  return (message, registry) => {
    try {
      return fast(message);
    } catch {
      return slow(message, registry);
    }
  };
}

// ---- What the fast path supports, decided once per schema ----

/** Whether every message type reachable from the schema (itself included) can be compiled. */
function isSupported(schema: DescMessage): boolean {
  const seen = new Set<DescMessage>();
  const pending = [schema];
  for (let desc = pending.pop(); desc !== undefined; desc = pending.pop()) {
    if (seen.has(desc) || desc.typeName === TIMESTAMP) continue;
    seen.add(desc);
    if (!isSupportedLocally(desc)) return false;
    for (const field of desc.fields) {
      if (field.message !== undefined) pending.push(field.message);
    }
  }
  return true;
}

/** Whether the message's own fields can be compiled (not looking into nested messages). */
function isSupportedLocally(desc: DescMessage): boolean {
  // Well-known types have their own JSON forms; only Timestamp is compiled.
  if (desc.typeName.startsWith("google.protobuf.")) return false;
  const names = new Set<string>();
  for (const field of desc.fields) {
    // JSON.stringify writes integer-like keys first, and `__proto__` is no key
    // of the object toJson builds: leave such names to protobuf-es.
    if (names.has(field.jsonName) || /^\d+$/.test(field.jsonName) || field.jsonName === "__proto__") return false;
    names.add(field.jsonName);
    if (!isSupportedField(field)) return false;
  }
  return true;
}

function isSupportedField(field: DescField): boolean {
  if (field.presence === LEGACY_REQUIRED) return false;
  switch (field.fieldKind) {
    case "map":
      return false;
    case "list":
      if (field.presence !== IMPLICIT) return false;
      if (field.listKind === "scalar") return isKnownScalar(field.scalar);
      if (field.listKind === "enum") return field.enum.values.length > 0;
      return !field.delimitedEncoding;
    case "message":
      return !field.delimitedEncoding && (field.oneof !== undefined || field.presence !== IMPLICIT);
    case "enum":
      return field.enum.values.length > 0;
    case "scalar":
      return isKnownScalar(field.scalar);
  }
}

function isKnownScalar(scalar: ScalarType): boolean {
  return scalarWriter(scalar, false) !== undefined;
}

// ---- Compiling a message into a plan ----

/** The writer of a message value: Timestamp's RFC 3339 string, or the message's compiled plan. */
function messageValueWriter(desc: DescMessage): ValueWriter {
  if (desc.typeName === TIMESTAMP) return writeTimestamp;
  const plan = planFor(desc);
  return (value) => writeMessage(plan, value);
}

/** The plan of a message, cached before its fields are compiled so that recursive types end. */
function planFor(desc: DescMessage): Plan {
  let plan = plans.get(desc);
  if (plan !== undefined) return plan;
  const fields: FieldWriter[] = [];
  plan = { typeName: desc.typeName, fields };
  plans.set(desc, plan);
  // toJson walks the fields by number (ReflectMessage.sortedFields).
  const sorted = desc.fields.concat().sort((a, b) => a.number - b.number);
  for (const field of sorted) fields.push(fieldWriter(field));
  return plan;
}

function writeMessage(plan: Plan, value: unknown): string {
  if (typeof value !== "object" || value === null) throw FALL_BACK;
  const message = value as Fields;
  // A foreign message makes toJson throw; unknown fields may be extensions
  // that toJson writes when given a registry.
  const unknown = message.$unknown as readonly unknown[] | undefined;
  if (message.$typeName !== plan.typeName || (unknown !== undefined && unknown.length > 0)) throw FALL_BACK;
  let json = "{";
  for (const field of plan.fields) {
    const part = field(message);
    if (part === undefined) continue;
    json += json.length === 1 ? part : "," + part;
  }
  return json + "}";
}

/**
 * The step of one field. Presence follows protobuf-es's unsafeIsSet: a oneof
 * member when it is the selected case; explicit presence when the property is
 * own and defined; implicit presence when not the zero value (lists: not empty).
 */
function fieldWriter(field: DescField): FieldWriter {
  const key = JSON.stringify(field.jsonName) + ":";
  const name = field.localName;
  if (field.fieldKind === "list") return listFieldWriter(key, name, valueWriter(field));
  const write = valueWriter(field);
  if (field.oneof !== undefined) {
    const group = field.oneof.localName;
    return (message) => {
      const oneof = message[group] as OneofValue;
      return oneof.case === name ? key + write(oneof.value) : undefined;
    };
  }
  if (field.presence !== IMPLICIT) {
    return (message) => {
      const value = message[name];
      return value === undefined || !Object.hasOwn(message, name) ? undefined : key + write(value);
    };
  }
  const isZero = zeroTest(field);
  return (message) => {
    const value = message[name];
    return isZero(value) ? undefined : key + write(value);
  };
}

function listFieldWriter(key: string, name: string, write: ValueWriter): FieldWriter {
  return (message) => {
    const list = message[name];
    if (!Array.isArray(list)) throw FALL_BACK;
    if (list.length === 0) return undefined;
    let json = key + "[" + write(list[0]);
    for (let i = 1; i < list.length; i++) json += "," + write(list[i]);
    return json + "]";
  };
}

/** The writer of a field's values (for a list, of its elements). */
function valueWriter(field: DescField): ValueWriter {
  if (field.message !== undefined) return messageValueWriter(field.message);
  if (field.enum !== undefined) return enumWriter(field.enum);
  const write =
    field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")
      ? scalarWriter(field.scalar, field.longAsString)
      : undefined;
  if (write === undefined) throw new Error(`json-writer: cannot compile ${field}`);
  return write;
}

/**
 * The zero value test of a singular field with implicit presence, as
 * protobuf-es's isScalarZeroValue (which compares 64-bit and 32-bit integers
 * loosely with 0, and tells -0 from 0 for float and double). A value of the
 * wrong type is never taken for zero here: its writer falls back.
 */
function zeroTest(field: DescField): (value: unknown) => boolean {
  if (field.fieldKind === "enum") {
    const zero = field.enum.values[0]?.number;
    return (value) => value === zero;
  }
  switch (field.scalar) {
    case ScalarType.STRING:
      return (value) => value === "";
    case ScalarType.BOOL:
      return (value) => value === false;
    case ScalarType.BYTES:
      return (value) => value instanceof Uint8Array && value.byteLength === 0;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (value) => Object.is(value, 0);
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return isInt64Zero;
    default:
      return (value) => value === 0;
  }
}

function isInt64Zero(value: unknown): boolean {
  if (typeof value === "bigint") return value === 0n;
  if (typeof value === "string") return Number(value) === 0; // "0", "00", "" == 0 as in protobuf-es
  return value === 0;
}

// ---- Values ----

/** The writer of a scalar type, as scalarToJson; undefined for a type protobuf-es does not know. */
function scalarWriter(scalar: ScalarType, longAsString: boolean): ValueWriter | undefined {
  switch (scalar) {
    case ScalarType.STRING:
      return writeString;
    case ScalarType.BOOL:
      return writeBool;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return writeInt32;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return writeFloat;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return int64Writer(longAsString ? (text) => protoInt64.parse(text) : undefined);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return int64Writer(longAsString ? (text) => protoInt64.uParse(text) : undefined);
    case ScalarType.BYTES:
      return writeBytes;
    default:
      return undefined;
  }
}

/**
 * What JSON.stringify escapes in a string: `"`, `\\`, control characters and
 * (ES2019 well-formed stringify) lone surrogates; any surrogate is sent to it.
 */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it; quoted as it is when nothing needs escaping (the usual case, faster). */
function writeString(value: unknown): string {
  if (typeof value !== "string") throw FALL_BACK;
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"';
}

function writeBool(value: unknown): string {
  if (value === true) return "true";
  if (value === false) return "false";
  throw FALL_BACK;
}

/** A number as JSON.stringify writes it: NaN and infinities become null (toJson does not check them). */
function writeInt32(value: unknown): string {
  if (typeof value !== "number") throw FALL_BACK;
  return Number.isFinite(value) ? String(value) : "null";
}

/** NaN and the infinities as strings; -0 as 0 (JSON.stringify's doing). */
function writeFloat(value: unknown): string {
  if (typeof value !== "number") throw FALL_BACK;
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return '"NaN"';
  return value > 0 ? '"Infinity"' : '"-Infinity"';
}

/**
 * 64-bit integers as decimal strings. With `jstype = JS_STRING` protobuf-es
 * first parses a string value (so "007" is written "7", and a bad one throws);
 * otherwise a string is written as it is.
 */
function int64Writer(parse: ((text: string) => bigint | string) | undefined): ValueWriter {
  return (value) => {
    if (typeof value === "bigint") return '"' + value.toString() + '"';
    if (typeof value === "string") return parse ? '"' + parse(value).toString() + '"' : JSON.stringify(value);
    if (typeof value === "number" && Number.isInteger(value)) return '"' + String(value) + '"';
    throw FALL_BACK;
  };
}

/** Standard base64 with padding, the alphabet and padding of protobuf-es's base64Encode. */
function writeBytes(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw FALL_BACK;
  return '"' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") + '"';
}

/** Enum values by name, an unknown number as the number; google.protobuf.NullValue as null. */
function enumWriter(desc: DescEnum): ValueWriter {
  if (desc.typeName === NULL_VALUE) {
    return (value) => {
      if (typeof value !== "number") throw FALL_BACK;
      return "null";
    };
  }
  // desc.value is what toJson looks names up in (for aliases, the name it keeps).
  const names = new Map<number, string>();
  for (const { number } of desc.values) {
    const named = desc.value[number];
    if (named !== undefined) names.set(number, JSON.stringify(named.name));
  }
  return (value) => {
    if (typeof value !== "number") throw FALL_BACK;
    return names.get(value) ?? (Number.isFinite(value) ? String(value) : "null");
  };
}

/**
 * google.protobuf.Timestamp as timestampToJson writes it: `Z`, and 0, 3, 6 or
 * 9 fractional digits. Anything it would refuse (out of range, bad nanos) or
 * write oddly (seconds that are not an integer) falls back.
 */
function writeTimestamp(value: unknown): string {
  if (typeof value !== "object" || value === null) throw FALL_BACK;
  const { seconds, nanos } = value as Fields;
  const s = Number(seconds);
  const ms = s * 1000;
  if (!(ms >= TIMESTAMP_MIN_MS && ms <= TIMESTAMP_MAX_MS) || !Number.isInteger(s)) throw FALL_BACK;
  if (typeof nanos !== "number" || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) throw FALL_BACK;
  return '"' + dateTimeText(s) + fractionText(nanos) + '"';
}

/** "00" to "99". */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

/** `YYYY-MM-DDTHH:MM:SS` (UTC) of whole seconds since the epoch, for years 0001 to 9999. */
function dateTimeText(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const secondOfDay = seconds - days * 86400; // 0 to 86399
  const minuteOfDay = Math.floor(secondOfDay / 60);
  return (
    dateText(days) +
    "T" +
    TWO_DIGITS[Math.floor(minuteOfDay / 60)] +
    ":" +
    TWO_DIGITS[minuteOfDay % 60] +
    ":" +
    TWO_DIGITS[secondOfDay % 60]
  );
}

// The last date written: timestamps of one reply tend to fall on the same day.
let lastDays = NaN;
let lastDate = "";

/** `YYYY-MM-DD` of days since 1970-01-01 (the proleptic Gregorian calendar, H. Hinnant's civil_from_days). */
function dateText(days: number): string {
  if (days === lastDays) return lastDate;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // months since March
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  lastDate = String(year + 10000).substring(1) + "-" + TWO_DIGITS[month] + "-" + TWO_DIGITS[day];
  lastDays = days;
  return lastDate;
}

/** `Z`, or the nanoseconds in 3, 6 or 9 digits and `Z`, as timestampToJson. */
function fractionText(nanos: number): string {
  if (nanos === 0) return "Z";
  const digits = String(nanos + 1_000_000_000).substring(1);
  if (nanos % 1_000_000 === 0) return "." + digits.substring(0, 3) + "Z";
  if (nanos % 1000 === 0) return "." + digits.substring(0, 6) + "Z";
  return "." + digits + "Z";
}
