import { hasOption, getOption, type DescEnum, type DescEnumValue, type DescFile } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { code, default_code } from "../../pkg/gen/strata/errors/errors_pb.js";

/** One error reason: an ErrorReason value and what its generated functions say. */
export interface ErrorReason {
  /** The enum value it comes from. */
  readonly value: DescEnumValue;
  /** The reason clients receive: the value's name, e.g. `BOOK_NOT_FOUND`. */
  readonly reason: string;
  /** The HTTP status: the value's `(strata.errors.code)`, else the enum's `default_code`, else 500. */
  readonly code: number;
  /** The value's name in PascalCase, e.g. `BookNotFound`. */
  readonly pascalName: string;
}

/** The status of reasons whose enum sets no `(strata.errors.default_code)`. */
export const FALLBACK_CODE = 500;

/** Whether an enum lists error reasons: it is named ErrorReason or sets `(strata.errors.default_code)`. */
export function isErrorReasonEnum(desc: DescEnum): boolean {
  return desc.name === "ErrorReason" || hasOption(desc, default_code);
}

/** The error-reason enums of a file, nested ones included. */
export function errorReasonEnums(file: DescFile): DescEnum[] {
  const enums: DescEnum[] = [];
  for (const desc of nestedTypes(file)) {
    if (desc.kind === "enum" && isErrorReasonEnum(desc)) enums.push(desc);
  }
  return enums;
}

/**
 * The reasons of an error-reason enum: every value but the zero one. Fails,
 * naming the value, on a code that is not an HTTP error status.
 */
export function reasonsOf(desc: DescEnum): ErrorReason[] {
  return desc.values
    .filter((value) => value.number !== 0)
    .map((value) => ({ value, reason: value.name, code: codeOf(value), pascalName: pascalCase(value.name) }));
}

function codeOf(value: DescEnumValue): number {
  let status = FALLBACK_CODE;
  let source = "the fallback";
  if (hasOption(value, code)) {
    status = getOption(value, code);
    source = "(strata.errors.code)";
  } else if (hasOption(value.parent, default_code)) {
    status = getOption(value.parent, default_code);
    source = `the (strata.errors.default_code) of ${value.parent.typeName}`;
  }
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new Error(
      `${value.parent.typeName}.${value.name}: ${source} ${status} is not an HTTP error status (400-599)`,
    );
  }
  return status;
}

/** `BOOK_NOT_FOUND` → `BookNotFound`. */
export function pascalCase(upperSnake: string): string {
  return upperSnake
    .split("_")
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1).toLowerCase())
    .join("");
}
