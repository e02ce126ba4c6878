import { describe, expect, it } from "vitest";
import { malformedRequest, unavailable } from "../errors/index.js";
import { isInfrastructureError } from "./sql-errors.js";

/** An error as `pg` throws it, with a SQLSTATE. */
function sqlError(code: string, message = "boom"): Error {
  return Object.assign(new Error(message), { code });
}

describe("isInfrastructureError", () => {
  it("holds for a lost or refused connection, a shutdown, exhausted resources and timeouts", () => {
    for (const code of ["08006", "57P01", "57P02", "57P03", "53300", "53100", "57014"]) {
      expect(isInfrastructureError(sqlError(code)), code).toBe(true);
    }
    expect(isInfrastructureError(new Error("connect ECONNREFUSED 127.0.0.1:5432"))).toBe(true);
    expect(isInfrastructureError(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("looks through a 503 UNAVAILABLE and the causes an error wraps", () => {
    expect(isInfrastructureError(unavailable("the database is unavailable"))).toBe(true);
    expect(isInfrastructureError(new Error("handler", { cause: sqlError("08001") }))).toBe(true);
  });

  it("does not hold for the code's own errors: a constraint, a syntax error, a throw", () => {
    for (const code of ["23505", "42601", "22P02", "40001"])
      expect(isInfrastructureError(sqlError(code)), code).toBe(false);
    expect(isInfrastructureError(new Error("not yet"))).toBe(false);
    expect(isInfrastructureError(malformedRequest("bad"))).toBe(false);
    expect(isInfrastructureError("a string")).toBe(false);
  });
});
