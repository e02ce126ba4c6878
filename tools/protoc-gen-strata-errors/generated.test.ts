import { describe, expect, it } from "vitest";
import { StrataError } from "../../pkg/errors/error.js";
import {
  errorEchoBroken,
  errorEchoRefused,
  errorQuotaReasonQuotaUnavailable,
  errorQuotaReasonTooManyEchoes,
  isEchoRefused,
} from "../testdata/echo/v1/echo_errors.js";
import {
  errorBookNotFound,
  errorShelfFull,
  isBookNotFound,
  isShelfFull,
} from "../testdata/library/v1/error_reason_errors.js";

// The committed output of the generator for the library and echo test contracts.
describe("generated error constructors and predicates", () => {
  it("builds library.v1 BOOK_NOT_FOUND as 404 with the message and metadata given", () => {
    const err = errorBookNotFound("book 42 not found", { name: "shelves/1/books/42" });
    expect(err).toBeInstanceOf(StrataError);
    expect(err.toJSON()).toEqual({
      code: 404,
      reason: "BOOK_NOT_FOUND",
      message: "book 42 not found",
      metadata: { name: "shelves/1/books/42" },
    });
    expect(isBookNotFound(err)).toBe(true);
  });

  it("tells library reasons apart", () => {
    expect(errorShelfFull("no room")).toMatchObject({ code: 409, reason: "SHELF_FULL" });
    expect(isBookNotFound(errorShelfFull("no room"))).toBe(false);
    expect(isShelfFull(errorShelfFull("no room"))).toBe(true);
    expect(isBookNotFound(new Error("BOOK_NOT_FOUND"))).toBe(false);
    expect(isBookNotFound(undefined)).toBe(false);
    expect(isBookNotFound(new StrataError(404, "BOOK_NOT_FOUND", "from a server"))).toBe(true);
  });

  it("resolves codes from the echo contract's options", () => {
    expect(errorEchoRefused("no")).toMatchObject({ code: 403, reason: "ECHO_REFUSED", metadata: {} });
    expect(errorEchoBroken("cracked")).toMatchObject({ code: 500, reason: "ECHO_BROKEN" });
    expect(errorQuotaReasonTooManyEchoes("slow")).toMatchObject({ code: 429, reason: "QUOTA_REASON_TOO_MANY_ECHOES" });
    expect(errorQuotaReasonQuotaUnavailable("down")).toMatchObject({ code: 503 });
    expect(isEchoRefused(errorEchoBroken("x"))).toBe(false);
  });
});
