import {
  create,
  createFileRegistry,
  createRegistry,
  fromBinary,
  toBinary,
  toJson,
  type DescField,
  type DescMessage,
  type Message,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import {
  anyPack,
  AnySchema,
  DurationSchema,
  EmptySchema,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  type FieldDescriptorProtoSchema,
  FileDescriptorProtoSchema,
  StructSchema,
  TimestampSchema,
  ValueSchema,
  type Timestamp,
} from "@bufbuild/protobuf/wkt";
import type * as Protobuf from "@bufbuild/protobuf";
import { describe, expect, it, vi } from "vitest";
import {
  BookSchema,
  CountShelfBooksResponseSchema,
  Genre,
  GetShelfStatsResponseSchema,
  ListBooksRequestSchema,
  ListBooksResponseSchema,
  ListBooksRequest_FilterSchema,
  ListShelvesResponseSchema,
  DownloadFileResponseSchema,
  SearchBooksRequestSchema,
  ShelfSchema,
} from "../../../tools/testdata/library/v1/library_pb.js";
import { jsonWriterFor } from "./json-writer.js";

// toJson, spied on: the writer calls it only when it falls back.
vi.mock("@bufbuild/protobuf", async (importOriginal) => {
  const original = await importOriginal<typeof Protobuf>();
  return { ...original, toJson: vi.fn(original.toJson) };
});
const toJsonCalls = () => vi.mocked(toJson).mock.calls.length;

// ---- Schemas built at runtime, for the field kinds the repository's protos lack ----

type FieldInit = MessageInitShape<typeof FieldDescriptorProtoSchema> & { name: string; number: number };

const T = { double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7, bool: 8, string: 9 } as const;
const T2 = { group: 10, message: 11, bytes: 12, uint32: 13, enum: 14, sfixed32: 15, sfixed64: 16, sint32: 17 } as const;
const SINT64 = 18;
const OPTIONAL = 1;
const REQUIRED = 2;
const REPEATED = 3;
const JS_STRING = 1;

/** A field: json_name as protoc computes it unless given. */
function fd(init: FieldInit): FieldInit {
  return { label: OPTIONAL, jsonName: init.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), ...init };
}

const kindsFields: FieldInit[] = [
  // Declared out of number order: the output follows numbers.
  fd({ name: "z_last", number: 100, type: T.string }),
  fd({ name: "f_string", number: 1, type: T.string }),
  fd({ name: "f_bool", number: 2, type: T.bool }),
  fd({ name: "f_int32", number: 3, type: T.int32 }),
  fd({ name: "f_sint32", number: 4, type: T2.sint32 }),
  fd({ name: "f_sfixed32", number: 5, type: T2.sfixed32 }),
  fd({ name: "f_uint32", number: 6, type: T2.uint32 }),
  fd({ name: "f_fixed32", number: 7, type: T.fixed32 }),
  fd({ name: "f_int64", number: 8, type: T.int64 }),
  fd({ name: "f_uint64", number: 9, type: T.uint64 }),
  fd({ name: "f_sint64", number: 10, type: SINT64 }),
  fd({ name: "f_fixed64", number: 11, type: T.fixed64 }),
  fd({ name: "f_sfixed64", number: 12, type: T2.sfixed64 }),
  fd({ name: "f_float", number: 13, type: T.float }),
  fd({ name: "f_double", number: 14, type: T.double }),
  fd({ name: "f_bytes", number: 15, type: T2.bytes }),
  fd({ name: "f_enum", number: 16, type: T2.enum, typeName: ".jw.v1.Color" }),
  fd({ name: "f_null", number: 17, type: T2.enum, typeName: ".google.protobuf.NullValue" }),
  fd({ name: "f_child", number: 18, type: T2.message, typeName: ".jw.v1.Kinds" }),
  fd({ name: "f_time", number: 19, type: T2.message, typeName: ".google.protobuf.Timestamp" }),
  fd({ name: "r_string", number: 20, type: T.string, label: REPEATED }),
  fd({ name: "r_int64", number: 21, type: T.int64, label: REPEATED }),
  fd({ name: "r_double", number: 22, type: T.double, label: REPEATED }),
  fd({ name: "r_bytes", number: 23, type: T2.bytes, label: REPEATED }),
  fd({ name: "r_enum", number: 24, type: T2.enum, typeName: ".jw.v1.Color", label: REPEATED }),
  fd({ name: "r_child", number: 25, type: T2.message, typeName: ".jw.v1.Kinds", label: REPEATED }),
  fd({ name: "r_time", number: 26, type: T2.message, typeName: ".google.protobuf.Timestamp", label: REPEATED }),
  fd({ name: "r_bool", number: 27, type: T.bool, label: REPEATED }),
  fd({ name: "r_int32", number: 28, type: T.int32, label: REPEATED }),
  fd({ name: "r_null", number: 29, type: T2.enum, typeName: ".google.protobuf.NullValue", label: REPEATED }),
  fd({ name: "r_float", number: 30, type: T.float, label: REPEATED }),
  fd({ name: "r_uint64", number: 31, type: T.uint64, label: REPEATED }),
  fd({ name: "o_string", number: 32, type: T.string, oneofIndex: 1, proto3Optional: true }),
  fd({ name: "o_int32", number: 33, type: T.int32, oneofIndex: 2, proto3Optional: true }),
  fd({ name: "o_enum", number: 34, type: T2.enum, typeName: ".jw.v1.Color", oneofIndex: 3, proto3Optional: true }),
  fd({ name: "o_double", number: 35, type: T.double, oneofIndex: 4, proto3Optional: true }),
  fd({ name: "o_int64", number: 36, type: T.int64, oneofIndex: 5, proto3Optional: true }),
  fd({ name: "c_string", number: 37, type: T.string, oneofIndex: 0 }),
  fd({ name: "c_int32", number: 38, type: T.int32, oneofIndex: 0 }),
  fd({ name: "c_child", number: 39, type: T2.message, typeName: ".jw.v1.Kinds", oneofIndex: 0 }),
  fd({ name: "c_time", number: 40, type: T2.message, typeName: ".google.protobuf.Timestamp", oneofIndex: 0 }),
  fd({ name: "c_enum", number: 41, type: T2.enum, typeName: ".jw.v1.Color", oneofIndex: 0 }),
  fd({ name: "c_bytes", number: 42, type: T2.bytes, oneofIndex: 0 }),
  fd({ name: "l_int64", number: 43, type: T.int64, options: { jstype: JS_STRING } }),
  fd({ name: "r_l_uint64", number: 44, type: T.uint64, label: REPEATED, options: { jstype: JS_STRING } }),
  fd({ name: "custom", number: 45, type: T.string, jsonName: "customName" }),
  fd({ name: "f_nested", number: 46, type: T2.message, typeName: ".jw.v1.Kinds.Nested" }),
];

const jwFile = create(FileDescriptorProtoSchema, {
  name: "jw/v1/kinds.proto",
  package: "jw.v1",
  syntax: "proto3",
  dependency: ["google/protobuf/timestamp.proto", "google/protobuf/struct.proto"],
  enumType: [
    {
      name: "Color",
      options: { allowAlias: true },
      value: [
        { name: "COLOR_UNSPECIFIED", number: 0 },
        { name: "COLOR_RED", number: 1 },
        { name: "COLOR_CRIMSON", number: 1 },
        { name: "COLOR_GREEN", number: 2 },
      ],
    },
  ],
  messageType: [
    {
      name: "Kinds",
      field: kindsFields,
      oneofDecl: [
        { name: "choice" },
        { name: "_o_string" },
        { name: "_o_int32" },
        { name: "_o_enum" },
        { name: "_o_double" },
        { name: "_o_int64" },
      ],
      nestedType: [{ name: "Nested", field: [fd({ name: "note", number: 1, type: T.string })] }],
    },
    {
      name: "WithMap",
      field: [
        fd({ name: "title", number: 1, type: T.string }),
        fd({ name: "labels", number: 2, type: T2.message, typeName: ".jw.v1.WithMap.LabelsEntry", label: REPEATED }),
      ],
      nestedType: [
        {
          name: "LabelsEntry",
          options: { mapEntry: true },
          field: [fd({ name: "key", number: 1, type: T.string }), fd({ name: "value", number: 2, type: T.string })],
        },
      ],
    },
    // Contains a map two levels down, through a cycle: Outer -> Inner -> Outer.
    {
      name: "Outer",
      field: [
        fd({ name: "name", number: 1, type: T.string }),
        fd({ name: "inner", number: 2, type: T2.message, typeName: ".jw.v1.Inner" }),
      ],
    },
    {
      name: "Inner",
      field: [
        fd({ name: "outer", number: 1, type: T2.message, typeName: ".jw.v1.Outer" }),
        fd({ name: "with_map", number: 2, type: T2.message, typeName: ".jw.v1.WithMap" }),
      ],
    },
    {
      name: "WithStruct",
      field: [
        fd({ name: "title", number: 1, type: T.string }),
        fd({ name: "data", number: 2, type: T2.message, typeName: ".google.protobuf.Struct" }),
      ],
    },
    {
      name: "OddNames",
      field: [
        fd({ name: "a", number: 1, type: T.string, jsonName: "1" }),
        fd({ name: "b", number: 2, type: T.string, jsonName: "__proto__" }),
        fd({ name: "c", number: 3, type: T.string }),
      ],
    },
  ],
});

const proto2File = create(FileDescriptorProtoSchema, {
  name: "jw/v1/legacy.proto",
  package: "jw.v1",
  syntax: "proto2",
  enumType: [
    {
      name: "Size",
      value: [
        { name: "SIZE_SMALL", number: 1 },
        { name: "SIZE_LARGE", number: 2 },
      ],
    },
  ],
  messageType: [
    {
      name: "Legacy",
      field: [
        fd({ name: "s", number: 1, type: T.string, defaultValue: "dflt" }),
        fd({ name: "i", number: 2, type: T.int32, defaultValue: "5" }),
        fd({ name: "size", number: 3, type: T2.enum, typeName: ".jw.v1.Size" }),
        fd({ name: "r", number: 4, type: T.int32, label: REPEATED }),
        fd({ name: "child", number: 5, type: T2.message, typeName: ".jw.v1.Legacy" }),
      ],
    },
    { name: "WithRequired", field: [fd({ name: "id", number: 1, type: T.int32, label: REQUIRED })] },
    {
      name: "WithGroup",
      field: [fd({ name: "item", number: 1, type: T2.group, typeName: ".jw.v1.WithGroup.Item", jsonName: "item" })],
      nestedType: [{ name: "Item", field: [fd({ name: "x", number: 2, type: T.int32 })] }],
    },
  ],
});

const editionsFile = create(FileDescriptorProtoSchema, {
  name: "jw/v1/editions.proto",
  package: "jw.v1",
  syntax: "editions",
  edition: 1000, // EDITION_2023: explicit presence by default
  messageType: [
    {
      name: "Ed",
      field: [
        fd({ name: "explicit_s", number: 1, type: T.string }),
        fd({ name: "implicit_s", number: 2, type: T.string, options: { features: { fieldPresence: 2 } } }),
        fd({ name: "n", number: 3, type: T.int32 }),
      ],
    },
  ],
});

const registry = createFileRegistry(
  createFileRegistry(jwFile, (name) =>
    name === "google/protobuf/timestamp.proto" ? file_google_protobuf_timestamp : file_google_protobuf_struct,
  ),
  createFileRegistry(proto2File, () => undefined),
  createFileRegistry(editionsFile, () => undefined),
);

function schema(typeName: string): DescMessage {
  const desc = registry.getMessage(typeName);
  if (desc === undefined) throw new Error(`${typeName} did not build`);
  return desc;
}

const Kinds = schema("jw.v1.Kinds");
const Nested = schema("jw.v1.Kinds.Nested");
const WithMap = schema("jw.v1.WithMap");
const Outer = schema("jw.v1.Outer");
const Inner = schema("jw.v1.Inner");
const WithStruct = schema("jw.v1.WithStruct");
const OddNames = schema("jw.v1.OddNames");
const Legacy = schema("jw.v1.Legacy");
const WithRequired = schema("jw.v1.WithRequired");
const WithGroup = schema("jw.v1.WithGroup");
const Ed = schema("jw.v1.Ed");

// ---- Helpers ----

/** What toJson writes, or the message of the error it throws. */
function reference(desc: DescMessage, message: Message): string | { error: string } {
  try {
    return JSON.stringify(toJson(desc, message));
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Which path the writer must take: compiled, through toJson, or either. */
type Path = "fast" | "fallback" | "any";

/**
 * Asserts the writer writes what toJson writes, or throws what it throws, and
 * takes the given path. Returns the JSON, undefined when it throws.
 */
function expectSame(desc: DescMessage, message: Message, path: Path = "fast"): string | undefined {
  const expected = reference(desc, message);
  const write = jsonWriterFor(desc);
  const before = toJsonCalls();
  if (typeof expected === "string") expect(write(message)).toBe(expected);
  else expect(() => write(message)).toThrow(expected.error);
  if (path !== "any") expect(toJsonCalls() > before, path).toBe(path === "fallback");
  return typeof expected === "string" ? expected : undefined;
}

/** Whether the writer writes the message without toJson (and without throwing). */
function isFast(desc: DescMessage, message: Message): boolean {
  const before = toJsonCalls();
  try {
    jsonWriterFor(desc)(message);
  } catch {
    return false;
  }
  return toJsonCalls() === before;
}

function kinds(init: Record<string, unknown> = {}): Message {
  return create(Kinds, init);
}

/** A Timestamp message (seconds as a bigint). */
function ts(seconds: bigint | number, nanos = 0): Timestamp {
  return create(TimestampSchema, { seconds: BigInt(seconds), nanos });
}

// ---- Tests ----

describe("jsonWriterFor", () => {
  it("caches one writer per schema", () => {
    expect(jsonWriterFor(ShelfSchema)).toBe(jsonWriterFor(ShelfSchema));
  });

  it("writes the kit's fixture messages as toJson does", () => {
    const shelf = create(ShelfSchema, { shelfId: "s1", theme: 'Buy "milk"\\ W/"3"' });
    expect(expectSame(ShelfSchema, shelf)).toBe('{"shelfId":"s1","theme":"Buy \\"milk\\"\\\\ W/\\"3\\""}');
    expectSame(ShelfSchema, create(ShelfSchema));
    expectSame(ListShelvesResponseSchema, create(ListShelvesResponseSchema));
    expectSame(CountShelfBooksResponseSchema, create(CountShelfBooksResponseSchema, { count: 9223372036854775807n }));
    expectSame(CountShelfBooksResponseSchema, create(CountShelfBooksResponseSchema, { count: -1n }));
    expectSame(
      GetShelfStatsResponseSchema,
      create(GetShelfStatsResponseSchema, { shelfCount: -2147483648, bookCount: 1n }),
    );
    expectSame(ListShelvesResponseSchema, create(ListShelvesResponseSchema, { shelves: [{ shelfId: "a" }, {}] }));
    expectSame(
      DownloadFileResponseSchema,
      create(DownloadFileResponseSchema, { content: new Uint8Array([0, 255, 7]) }),
    );
    expectSame(SearchBooksRequestSchema, create(SearchBooksRequestSchema, { genres: [Genre.FICTION, 0, 42 as Genre] }));
    expectSame(
      ListBooksRequest_FilterSchema,
      create(ListBooksRequest_FilterSchema, { author: "x", pages: { max: 5n } }),
    );
  });

  it("writes a root Timestamp", () => {
    expect(expectSame(TimestampSchema, ts(0))).toBe('"1970-01-01T00:00:00Z"');
    expectSame(TimestampSchema, ts(-1, 500_000_000));
    expectSame(TimestampSchema, ts(253402300800), "fallback");
  });

  it("omits implicit fields at their zero value", () => {
    expect(expectSame(Kinds, kinds())).toBe("{}");
    expect(
      expectSame(
        Kinds,
        kinds({
          fString: "",
          fBool: false,
          fInt32: 0,
          fInt64: 0n,
          fDouble: 0,
          fBytes: new Uint8Array(0),
          fEnum: 0,
          rString: [],
        }),
      ),
    ).toBe("{}");
  });

  it("writes explicit fields at their zero value", () => {
    const m = kinds({ oString: "", oInt32: 0, oEnum: 0, oDouble: 0, oInt64: 0n, fChild: {}, fNested: {} });
    expect(expectSame(Kinds, m)).toBe(
      '{"fChild":{},"oString":"","oInt32":0,"oEnum":"COLOR_UNSPECIFIED","oDouble":0,"oInt64":"0","fNested":{}}',
    );
  });

  it("writes fields by number, with their json names", () => {
    expect(expectSame(Kinds, kinds({ zLast: "z", custom: "c", fString: "a" }))).toBe(
      '{"fString":"a","customName":"c","zLast":"z"}',
    );
  });

  it("writes strings as JSON.stringify does", () => {
    const strings = [
      "plain",
      "é ü 日本 🎉",
      'quote " backslash \\ slash /',
      "controls \u0000 \u0001 \b \f \n \r \t \u001f \u007f",
      "separators \u2028 \u2029",
      "lone surrogates \ud800 x \udfff \udc00\ud800",
      "<script>&amp;</script>",
      "x".repeat(1000) + '"',
    ];
    for (const s of strings) {
      expectSame(Kinds, kinds({ fString: s, rString: [s, "", s], oString: s, choice: { case: "cString", value: s } }));
    }
  });

  it("writes integers at their limits", () => {
    for (const n of [1, -1, 2147483647, -2147483648, 4294967295]) {
      expectSame(Kinds, kinds({ fInt32: n, fSint32: n, fSfixed32: n, fUint32: n, fFixed32: n, rInt32: [n, 0] }));
    }
    for (const n of [1n, -1n, 9223372036854775807n, -9223372036854775808n, 18446744073709551615n]) {
      expectSame(
        Kinds,
        kinds({ fInt64: n, fUint64: n, fSint64: n, fFixed64: n, fSfixed64: n, rInt64: [n, 0n], rUint64: [n] }),
      );
    }
  });

  it("writes 64-bit integers given as numbers or strings", () => {
    expectSame(Kinds, kinds({ fInt64: 12, fUint64: "34", fSint64: "0", fFixed64: "00", rInt64: [5, "6"] }));
    // jstype = JS_STRING: protobuf-es parses the string first.
    expectSame(Kinds, kinds({ lInt64: "007", rLUint64: ["18446744073709551615", "0", "01"] }));
    expectSame(Kinds, kinds({ lInt64: "-9223372036854775808" }));
    expectSame(Kinds, kinds({ lInt64: "9223372036854775808" }), "fallback"); // out of range: throws
    expectSame(Kinds, kinds({ lInt64: "x1" }), "fallback"); // throws
    expectSame(Kinds, kinds({ fInt64: 'q"' })); // written as it is
    expectSame(Kinds, kinds({ fInt64: 1.5 }), "fallback"); // throws
  });

  it("writes floats and doubles, NaN and the infinities as strings", () => {
    const numbers = [
      NaN,
      Infinity,
      -Infinity,
      -0,
      0.1,
      Math.fround(0.1),
      1e-7,
      5e-324,
      1.7976931348623157e308,
      1e21,
      -123.456,
      3.4028234663852886e38,
    ];
    for (const n of numbers) {
      expectSame(Kinds, kinds({ fFloat: n, fDouble: n, rDouble: [n, 0, -0], rFloat: [n], oDouble: n }));
    }
    expect(expectSame(Kinds, kinds({ fDouble: -0 }))).toBe('{"fDouble":0}');
    expect(expectSame(Kinds, kinds({ fDouble: NaN, fFloat: -Infinity }))).toBe(
      '{"fFloat":"-Infinity","fDouble":"NaN"}',
    );
  });

  it("writes non-finite numbers in 32-bit integer fields as JSON.stringify does", () => {
    expect(expectSame(Kinds, kinds({ fInt32: NaN, rInt32: [Infinity], oInt32: 1.5 }))).toBe(
      '{"fInt32":null,"rInt32":[null],"oInt32":1.5}',
    );
  });

  it("writes bytes in standard base64 with padding", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) & 255);
      expectSame(
        Kinds,
        kinds({ fBytes: bytes, rBytes: [bytes, new Uint8Array(0)], choice: { case: "cBytes", value: bytes } }),
      );
    }
    const offset = new Uint8Array([1, 2, 3, 4, 5, 251, 252]).subarray(2, 6);
    expect(expectSame(Kinds, kinds({ fBytes: offset }))).toBe('{"fBytes":"AwQF+w=="}');
  });

  it("writes enums by name, unknown numbers as numbers, NullValue as null", () => {
    for (const e of [0, 1, 2, 3, -1, 2147483647]) {
      expectSame(Kinds, kinds({ fEnum: e, rEnum: [e, 0, 1], oEnum: e, choice: { case: "cEnum", value: e } }));
    }
    // With allow_alias, protobuf-es's EnumDesc.value keeps the last name of a number.
    expect(expectSame(Kinds, kinds({ fEnum: 1 }))).toBe('{"fEnum":"COLOR_CRIMSON"}');
    expect(expectSame(Kinds, kinds({ fNull: 0, rNull: [0, 0] }))).toBe('{"rNull":[null,null]}');
    expect(expectSame(Kinds, kinds({ fNull: 3 }))).toBe('{"fNull":null}');
  });

  it("writes each oneof case, and nothing when unset", () => {
    const cases: { case: string; value: unknown }[] = [
      { case: "cString", value: "" },
      { case: "cInt32", value: 0 },
      { case: "cChild", value: create(Kinds, { fString: "in" }) },
      { case: "cTime", value: ts(1, 1000) },
      { case: "cEnum", value: 0 },
      { case: "cBytes", value: new Uint8Array(0) },
    ];
    for (const choice of cases) expectSame(Kinds, kinds({ choice }));
    expect(expectSame(Kinds, kinds({ choice: { case: undefined } }))).toBe("{}");
  });

  it("writes nested, recursive and repeated messages", () => {
    const deep = kinds({
      fChild: { fChild: { fChild: { fString: "deep", rChild: [{}, { fInt32: 1 }] } } },
      rChild: [{ fEnum: 2 }, {}, { rTime: [ts(0)] }],
      fNested: create(Nested, { note: "n" }),
    });
    expectSame(Kinds, deep);
  });

  it("writes timestamps with 0, 3, 6 or 9 fractional digits", () => {
    const cases: [bigint, number][] = [
      [0n, 0],
      [0n, 1],
      [0n, 1_000],
      [0n, 1_000_000],
      [0n, 100_000_000],
      [0n, 120_000_000],
      [0n, 123_456_000],
      [0n, 123_456_789],
      [0n, 999_999_999],
      [1715000000n, 5_000],
      [-1n, 0],
      [-86400n, 999_000_000],
      [951782400n, 0], // 2000-02-29
      [-62135596800n, 0], // 0001-01-01T00:00:00Z
      [253402300799n, 999_999_999], // 9999-12-31T23:59:59.999999999Z
      [-2208988800n, 0], // 1900-01-01
      [4107542400n, 0], // 2100-03-01
    ];
    for (const [seconds, nanos] of cases) {
      expectSame(Kinds, kinds({ fTime: ts(seconds, nanos), rTime: [ts(seconds, nanos), ts(0)] }));
    }
    expect(expectSame(Kinds, kinds({ fTime: ts(-62135596800n) }))).toBe('{"fTime":"0001-01-01T00:00:00Z"}');
  });

  it("throws what toJson throws for timestamps it refuses", () => {
    const refused: [bigint, number][] = [
      [-62135596801n, 0],
      [253402300800n, 0],
      [0n, -1],
      [0n, 1_000_000_000],
      [9223372036854775807n, 0],
    ];
    for (const [seconds, nanos] of refused) {
      const m = kinds({ fTime: ts(seconds, nanos) });
      expect(() => JSON.stringify(toJson(Kinds, m))).toThrow();
      expectSame(Kinds, m, "fallback");
      expectSame(TimestampSchema, ts(seconds, nanos), "fallback");
    }
  });

  it("writes proto2 fields with explicit presence, defaults left out unless set", () => {
    expect(expectSame(Legacy, create(Legacy))).toBe("{}");
    expectSame(Legacy, create(Legacy, { s: "dflt", i: 5, size: 1, r: [1, 2] }));
    expectSame(Legacy, create(Legacy, { s: "", i: 0, size: 2, child: { child: {} } }));
  });

  it("writes editions fields with explicit and implicit presence", () => {
    expect(expectSame(Ed, create(Ed, { explicitS: "", implicitS: "", n: 0 }))).toBe('{"explicitS":"","n":0}');
    expectSame(Ed, create(Ed));
    expectSame(Ed, create(Ed, { implicitS: "x" }));
  });

  it("falls back for maps, other well-known types, groups and required fields, and still matches", () => {
    expectSame(WithMap, create(WithMap, { title: "t", labels: { b: "2", a: "1" } }), "fallback");
    expectSame(
      Outer,
      create(Outer, { name: "o", inner: { outer: { name: "x" }, withMap: { labels: { k: "v" } } } }),
      "fallback",
    );
    expectSame(Inner, create(Inner, { outer: { inner: {} } }), "fallback");
    expectSame(
      WithStruct,
      create(WithStruct, { title: "t", data: { a: 1, b: [true, null, "s"], c: { d: {} } } }),
      "fallback",
    );
    expectSame(StructSchema, create(StructSchema), "fallback");
    expectSame(ValueSchema, create(ValueSchema, { kind: { case: "numberValue", value: 1.5 } }), "fallback");
    expectSame(ValueSchema, create(ValueSchema), "fallback"); // throws: no value
    expectSame(DurationSchema, create(DurationSchema, { seconds: 3n, nanos: 500 }), "fallback");
    expectSame(EmptySchema, create(EmptySchema), "fallback");
    expectSame(OddNames, create(OddNames, { a: "1", b: "2", c: "3" }), "fallback");
    expectSame(WithRequired, create(WithRequired), "fallback"); // throws: required field not set
    expectSame(WithRequired, create(WithRequired, { id: 0 }), "fallback");
    expectSame(WithGroup, create(WithGroup, { item: { x: 1 } }), "fallback");
    const book = create(BookSchema, { name: "b", attributes: { k: "v" }, publishTime: ts(1) });
    expectSame(BookSchema, book, "fallback");
    expectSame(ListBooksResponseSchema, create(ListBooksResponseSchema, { books: [book] }), "fallback");
    expectSame(
      ListBooksRequestSchema,
      create(ListBooksRequestSchema, { language: "en", maxAge: { seconds: 5n }, readMask: { paths: ["a_b"] } }),
      "fallback",
    );
  });

  it("falls back for unknown fields, values of the wrong type and foreign messages", () => {
    // Kinds.f_int32 (3) is no field of Nested: unknown there.
    const withUnknown = fromBinary(Nested, toBinary(Kinds, kinds({ fString: "x", fInt32: 7 })));
    expect(withUnknown.$unknown?.length).toBe(1);
    expect(expectSame(Nested, withUnknown, "fallback")).toBe('{"note":"x"}');
    const childWithUnknown = fromBinary(Kinds, new Uint8Array([0x98, 0x06, 0x01])); // field 99 = 1
    expect(childWithUnknown.$unknown?.length).toBe(1);
    const parent = kinds({ fString: "p" });
    (parent as unknown as Record<string, unknown>).rChild = [kinds(), childWithUnknown];
    expectSame(Kinds, parent, "fallback");
    // Values of the wrong type, as create() would not leave them: toJson throws, or writes them its way.
    const raw: Record<string, unknown>[] = [
      { fString: 5 },
      { fString: undefined },
      { fBool: 0 },
      { fInt32: "5" },
      { fInt32: false },
      { fEnum: "COLOR_RED" },
      { fEnum: undefined },
      { fBytes: [1, 2] },
      { rString: "ab" },
      { rString: ["a", 1] },
      { fChild: null },
      { fTime: { $typeName: "google.protobuf.Timestamp", seconds: 1.5, nanos: 0 } },
      { fTime: { $typeName: "google.protobuf.Timestamp", seconds: 1n, nanos: 0.5 } },
      { fTime: { $typeName: "google.protobuf.Timestamp", seconds: "1", nanos: undefined } },
      { choice: { case: "cInt32", value: undefined } },
    ];
    for (const fields of raw) expectSame(Kinds, Object.assign(kinds(), fields), "fallback");
    const m = kinds();
    (m as unknown as Record<string, unknown>).fChild = create(Nested, { note: "foreign" });
    expectSame(Kinds, m, "fallback"); // throws ForeignFieldError
    expectSame(Kinds, create(Nested, { note: "foreign" }), "fallback");
  });

  it("passes the registry to protobuf-es when it falls back", () => {
    const any = anyPack(TimestampSchema, ts(1));
    const write = jsonWriterFor(AnySchema);
    expect(write(any, createRegistry(TimestampSchema))).toBe(
      JSON.stringify(toJson(AnySchema, any, { registry: createRegistry(TimestampSchema) })),
    );
    expect(() => write(any)).toThrow("is not in the type registry");
  });

  it("matches toJson for random messages", () => {
    const random = mulberry32(20240506);
    const schemas = [
      Kinds,
      Kinds,
      Kinds,
      Legacy,
      Ed,
      ShelfSchema,
      ListShelvesResponseSchema,
      CountShelfBooksResponseSchema,
      WithMap,
      BookSchema,
    ];
    let fast = 0;
    for (let i = 0; i < 600; i++) {
      const desc = schemas[i % schemas.length] as DescMessage;
      const message = randomMessage(desc, random, 0);
      expectSame(desc, message, "any");
      if (isFast(desc, message)) fast++;
    }
    // WithMap and Book fall back, and so do out-of-range timestamps.
    expect(fast).toBeGreaterThan(400);
  });
});

// ---- Random messages ----

type Random = () => number;

/** A seeded generator of numbers in [0, 1). */
function mulberry32(seed: number): Random {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<V>(random: Random, values: readonly V[]): V {
  return values[Math.floor(random() * values.length)] as V;
}

const STRING_CHARS = [
  "a",
  "Z",
  "0",
  " ",
  '"',
  "\\",
  "/",
  "\n",
  "\u0000",
  "\u001f",
  "\u007f",
  "é",
  "\u2028",
  "日",
  "🎉",
  "\ud800",
  "\udc00",
];

function randomString(random: Random): string {
  const length = pick(random, [0, 1, 3, 8, 20]);
  let s = "";
  for (let i = 0; i < length; i++)
    s += random() < 0.6 ? "abcdefghij"[Math.floor(random() * 10)] : pick(random, STRING_CHARS);
  return s;
}

function randomScalar(field: DescField, scalar: number, random: Random): unknown {
  switch (scalar) {
    case T.string:
      return randomString(random);
    case T.bool:
      return random() < 0.5;
    case T.double:
    case T.float: {
      const special = [0, -0, NaN, Infinity, -Infinity, 0.1, Math.fround(0.1), 5e-324, 1e21, 1.7976931348623157e308];
      return random() < 0.5 ? pick(random, special) : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
    }
    case T.int32:
    case T2.sint32:
    case T2.sfixed32:
      return pick(random, [0, 1, -1, 2147483647, -2147483648, Math.floor((random() - 0.5) * 2 ** 32)]);
    case T.fixed32:
    case T2.uint32:
      return pick(random, [0, 1, 4294967295, Math.floor(random() * 2 ** 32)]);
    case T.int64:
    case SINT64:
    case T2.sfixed64: {
      const n = pick(random, [
        0n,
        1n,
        -1n,
        9223372036854775807n,
        -9223372036854775808n,
        BigInt(Math.floor((random() - 0.5) * 2 ** 53)),
      ]);
      return field.fieldKind !== "map" && "longAsString" in field && field.longAsString ? n.toString() : n;
    }
    case T.uint64:
    case T.fixed64: {
      const n = pick(random, [0n, 1n, 18446744073709551615n, BigInt(Math.floor(random() * 2 ** 53))]);
      return "longAsString" in field && field.longAsString ? n.toString() : n;
    }
    case T2.bytes:
      return Uint8Array.from({ length: pick(random, [0, 1, 2, 3, 10, 64]) }, () => Math.floor(random() * 256));
  }
  throw new Error(`scalar ${scalar}`);
}

function randomTimestamp(random: Random): Timestamp {
  const seconds =
    random() < 0.01
      ? pick(random, [-62135596801n, 253402300800n]) // out of range: both throw
      : BigInt(Math.floor(-62135596800 + random() * (253402300799 + 62135596800 + 1)));
  const nanos = pick(random, [
    0,
    0,
    Math.floor(random() * 1000) * 1_000_000,
    Math.floor(random() * 1e6) * 1000,
    Math.floor(random() * 1e9),
    999_999_999,
  ]);
  return ts(seconds, nanos);
}

function randomEnum(field: DescField, random: Random): number {
  const numbers = field.enum?.values.map((v) => v.number) ?? [0];
  return random() < 0.8 ? pick(random, numbers) : pick(random, [99, -5]);
}

/** A random value of a field (for a list, of an element), or undefined to leave a message field unset. */
function randomValue(field: DescField, random: Random, depth: number): unknown {
  if (field.message !== undefined) {
    if (field.message.typeName === "google.protobuf.Timestamp") return randomTimestamp(random);
    if (field.message.typeName.startsWith("google.protobuf.") || depth > 2) return undefined;
    return randomMessage(field.message, random, depth + 1);
  }
  if (field.enum !== undefined) return randomEnum(field, random);
  if (field.scalar !== undefined) return randomScalar(field, field.scalar, random);
  throw new Error(`${field}`);
}

/** A message of the schema with some of its fields set, in protobuf-es's representation. */
function randomMessage(desc: DescMessage, random: Random, depth: number): Message {
  const message = create(desc);
  const fields = message as unknown as Record<string, unknown>;
  for (const field of desc.fields) {
    if (random() < 0.4) continue;
    if (field.fieldKind === "map") {
      const entries: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(random() * 3); i++)
        entries[randomString(random)] = randomValue(field, random, depth);
      fields[field.localName] = entries;
      continue;
    }
    if (field.fieldKind === "list") {
      const items = Array.from({ length: Math.floor(random() * 4) }, () => randomValue(field, random, depth));
      fields[field.localName] = items.filter((item) => item !== undefined);
      continue;
    }
    const value = randomValue(field, random, depth);
    if (value === undefined) continue;
    if (field.oneof !== undefined) fields[field.oneof.localName] = { case: field.localName, value };
    else fields[field.localName] = value;
  }
  return message;
}
