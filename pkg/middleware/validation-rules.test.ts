import { create, createFileRegistry, setExtension, type DescMessage } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  MessageOptionsSchema,
  StructSchema,
} from "@bufbuild/protobuf/wkt";
import {
  field,
  FieldRulesSchema,
  message,
  MessageRulesSchema,
} from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { describe, expect, it } from "vitest";
import { EchoRequestSchema, EchoResponseSchema } from "../../tools/testdata/echo/v1/echo_pb.js";
import { hasValidationRules } from "./validation-rules.js";

// Messages built as descriptors: field rules, a message rule, rules only in a
// held type (singular, repeated), and types that hold themselves.
const ruled = create(FieldOptionsSchema);
setExtension(ruled, field, create(FieldRulesSchema, { type: { case: "string", value: { minLen: 1n } } }));
const celRule = create(MessageOptionsSchema);
setExtension(celRule, message, create(MessageRulesSchema, { cel: [{ id: "x", expression: "true" }] }));

const messageField = (name: string, number: number, type: string, repeated = false) =>
  create(FieldDescriptorProtoSchema, {
    name,
    number,
    type: FieldDescriptorProto_Type.MESSAGE,
    typeName: `.t.${type}`,
    label: repeated ? FieldDescriptorProto_Label.REPEATED : FieldDescriptorProto_Label.OPTIONAL,
  });
const stringField = (name: string, options?: typeof ruled) =>
  create(FieldDescriptorProtoSchema, {
    name,
    number: 1,
    type: FieldDescriptorProto_Type.STRING,
    label: FieldDescriptorProto_Label.OPTIONAL,
    ...(options && { options }),
  });
const registry = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "t.proto",
    package: "t",
    syntax: "proto3",
    messageType: [
      create(DescriptorProtoSchema, { name: "Inner", field: [stringField("name", ruled)] }),
      create(DescriptorProtoSchema, { name: "Plain", field: [stringField("name")] }),
      create(DescriptorProtoSchema, { name: "Checked", field: [stringField("name")], options: celRule }),
      create(DescriptorProtoSchema, { name: "HoldsInner", field: [messageField("inner", 1, "Inner")] }),
      create(DescriptorProtoSchema, { name: "ListsInner", field: [messageField("inners", 1, "Inner", true)] }),
      create(DescriptorProtoSchema, {
        name: "Loop",
        field: [messageField("next", 1, "Loop"), messageField("other", 2, "LoopBack")],
      }),
      create(DescriptorProtoSchema, {
        name: "LoopBack",
        field: [messageField("loop", 1, "Loop"), messageField("inner", 2, "Inner")],
      }),
      create(DescriptorProtoSchema, { name: "PlainLoop", field: [messageField("next", 1, "PlainLoop")] }),
    ],
  }),
  () => undefined,
);
const type = (name: string): DescMessage => {
  const found = registry.getMessage(`t.${name}`);
  if (!found) throw new Error(`no t.${name}`);
  return found;
};

describe("hasValidationRules", () => {
  it("finds rules on a field or on the message", () => {
    expect(hasValidationRules(EchoRequestSchema)).toBe(true);
    expect(hasValidationRules(type("Inner"))).toBe(true);
    expect(hasValidationRules(type("Checked"))).toBe(true);
  });

  it("finds rules only in a type a field holds, singular or repeated, through cycles", () => {
    expect(hasValidationRules(type("HoldsInner"))).toBe(true);
    expect(hasValidationRules(type("ListsInner"))).toBe(true);
    expect(hasValidationRules(type("Loop"))).toBe(true);
    expect(hasValidationRules(type("LoopBack"))).toBe(true);
  });

  it("finds none in types without rules, self-holding ones included (google.protobuf.Struct)", () => {
    expect(hasValidationRules(EchoResponseSchema)).toBe(false);
    expect(hasValidationRules(type("Plain"))).toBe(false);
    expect(hasValidationRules(type("PlainLoop"))).toBe(false);
    expect(hasValidationRules(StructSchema)).toBe(false);
  });
});
