import { describe, expect, it } from "vitest";
import {
  errorTodoInvalidPageToken,
  errorTodoInvalidUpdateMask,
  errorTodoNotFound,
  isTodoInvalidPageToken,
  isTodoNotFound,
} from "../../api/todo/v1/error_reason_errors.js";
import { StrataError } from "../../pkg/errors/error.js";
import {
  errorEchoBroken,
  errorEchoRefused,
  errorQuotaReasonQuotaUnavailable,
  errorQuotaReasonTooManyEchoes,
  isEchoRefused,
} from "../testdata/echo/v1/echo_errors.js";

// The committed output of the generator for the todo API and the echo test contract.
describe("generated error constructors and predicates", () => {
  it("builds todo.v1 TODO_NOT_FOUND as 404 with the message and metadata given", () => {
    const err = errorTodoNotFound("todo 42 not found", { id: "42" });
    expect(err).toBeInstanceOf(StrataError);
    expect(err.toJSON()).toEqual({
      code: 404,
      reason: "TODO_NOT_FOUND",
      message: "todo 42 not found",
      metadata: { id: "42" },
    });
    expect(isTodoNotFound(err)).toBe(true);
  });

  it("tells todo reasons apart", () => {
    expect(errorTodoInvalidUpdateMask("bad mask")).toMatchObject({ code: 400, reason: "TODO_INVALID_UPDATE_MASK" });
    expect(isTodoNotFound(errorTodoInvalidPageToken("bad token"))).toBe(false);
    expect(isTodoInvalidPageToken(errorTodoInvalidPageToken("bad token"))).toBe(true);
    expect(isTodoNotFound(new Error("TODO_NOT_FOUND"))).toBe(false);
    expect(isTodoNotFound(undefined)).toBe(false);
    expect(isTodoNotFound(new StrataError(404, "TODO_NOT_FOUND", "from a server"))).toBe(true);
  });

  it("resolves codes from the echo contract's options", () => {
    expect(errorEchoRefused("no")).toMatchObject({ code: 403, reason: "ECHO_REFUSED", metadata: {} });
    expect(errorEchoBroken("cracked")).toMatchObject({ code: 500, reason: "ECHO_BROKEN" });
    expect(errorQuotaReasonTooManyEchoes("slow")).toMatchObject({ code: 429, reason: "QUOTA_REASON_TOO_MANY_ECHOES" });
    expect(errorQuotaReasonQuotaUnavailable("down")).toMatchObject({ code: 503 });
    expect(isEchoRefused(errorEchoBroken("x"))).toBe(false);
  });
});
