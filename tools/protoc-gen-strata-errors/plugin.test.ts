import { create, setExtension, type MessageInitShape } from "@bufbuild/protobuf";
import { EnumOptionsSchema, EnumValueOptionsSchema, type EnumDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { code, default_code } from "../../pkg/gen/strata/errors/errors_pb.js";
import { prettierFormat, runPlugin, testFile } from "../protoc-gen-strata-grpc/testing.js";
import { plugin } from "./plugin.js";
import { pascalCase } from "./reasons.js";

type EnumInit = MessageInitShape<typeof EnumDescriptorProtoSchema>;

function value(name: string, number: number, status?: number) {
  const options = create(EnumValueOptionsSchema);
  if (status !== undefined) setExtension(options, code, status);
  return { name, number, options };
}

function reasonEnum(name: string, values: ReturnType<typeof value>[], defaultCode?: number): EnumInit {
  const options = create(EnumOptionsSchema);
  if (defaultCode !== undefined) setExtension(options, default_code, defaultCode);
  return { name, options, value: [value(`${pascalToSnake(name)}_UNSPECIFIED`, 0), ...values] };
}

const pascalToSnake = (s: string) => s.replace(/(?<!^)([A-Z])/g, "_$1").toUpperCase();

function generate(enums: EnumInit[], parameter?: string): string {
  const files = runPlugin(plugin, testFile({ enumType: enums }), parameter);
  expect(files.map((f) => f.name)).toEqual(["t/v1/t_errors.ts"]);
  return files[0].content;
}

describe("protoc-gen-strata-errors", () => {
  it("takes the value's code, else the enum's default_code, else 500", () => {
    const content = generate([
      reasonEnum("ErrorReason", [value("THING_GONE", 1, 410), value("THING_BROKEN", 2)]),
      reasonEnum("QuotaReason", [value("QUOTA_SPENT", 1), value("QUOTA_DOWN", 2, 503)], 429),
    ]);
    expect(content).toContain('return new StrataError(410, "THING_GONE", message, metadata);');
    expect(content).toContain('return new StrataError(500, "THING_BROKEN", message, metadata);');
    expect(content).toContain('return new StrataError(429, "QUOTA_SPENT", message, metadata);');
    expect(content).toContain('return new StrataError(503, "QUOTA_DOWN", message, metadata);');
    expect(content).toContain(
      "export function errorThingGone(message: string, metadata?: ErrorMetadata): StrataError {",
    );
    expect(content).toContain("export function isThingGone(err: unknown): err is StrataError {");
    expect(content).toContain('  return isStrataError(err) && err.reason === "THING_GONE";');
    expect(content).not.toContain("UNSPECIFIED");
  });

  it("ignores enums neither named ErrorReason nor with a default_code", () => {
    expect(runPlugin(plugin, testFile({ enumType: [reasonEnum("Colour", [value("RED", 1, 400)])] }))).toEqual([]);
  });

  it("includes ErrorReason enums nested in messages", () => {
    const nested = { name: "Thing", enumType: [reasonEnum("ErrorReason", [value("THING_LOST", 1, 404)])] };
    const files = runPlugin(plugin, testFile({ messageType: [nested] }));
    expect(files[0].content).toContain('new StrataError(404, "THING_LOST"');
  });

  it("fails on a code that is not an HTTP error status, naming the value", () => {
    expect(() => generate([reasonEnum("ErrorReason", [value("ALL_GOOD", 1, 200)])])).toThrow(
      /t\.v1\.ErrorReason\.ALL_GOOD: \(strata\.errors\.code\) 200 is not an HTTP error status/,
    );
    expect(() => generate([reasonEnum("ErrorReason", [value("ODD", 1)], 99)])).toThrow(
      /default_code\) of t\.v1\.ErrorReason 99 is not/,
    );
  });

  it("fails when two reasons would generate the same function", () => {
    const a = { name: "A", enumType: [reasonEnum("ErrorReason", [value("SAME", 1)])] };
    const b = { name: "B", enumType: [reasonEnum("ErrorReason", [value("SAME", 1)])] };
    expect(() => runPlugin(plugin, testFile({ messageType: [a, b] }))).toThrow(/both generate errorSame/);
  });

  it("imports the runtime relative to the generated file", () => {
    const content = generate([reasonEnum("ErrorReason", [value("GONE", 1)])]);
    expect(content).toContain('import { isStrataError, StrataError } from "../../../pkg/errors/index.js";');
    expect(content).toContain('import type { ErrorMetadata } from "../../../pkg/errors/index.js";');
    expect(() => generate([], "target=ts")).toThrow(/runtime is required/);
  });

  it("writes code that prettier leaves as it is, long names included", async () => {
    const content = generate([
      reasonEnum("ErrorReason", [
        value("GONE", 1, 404),
        value("A_REASON_WHOSE_NAME_IS_LONG_ENOUGH_TO_WRAP_ITS_CONSTRUCTOR", 2, 400),
      ]),
    ]);
    expect(content).toContain("export function errorAReasonWhoseNameIsLongEnoughToWrapItsConstructor(\n");
    expect(await prettierFormat(content)).toBe(content);
    expect(content).not.toContain("eslint-disable");
  });

  it("names functions in PascalCase from UPPER_SNAKE", () => {
    expect(pascalCase("BOOK_NOT_FOUND")).toBe("BookNotFound");
    expect(pascalCase("HTTP2_FAILED")).toBe("Http2Failed");
    expect(pascalCase("A__B_")).toBe("AB");
  });
});
