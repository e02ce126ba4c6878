import { describe, expect, it } from "vitest";
import { checkRequiredServices } from "./required-services.js";

const all = {
  DATABASE_URL: "postgres://127.0.0.1/test",
  REDIS_URL: "redis://127.0.0.1:6379/1",
  NATS_URL: "nats://127.0.0.1:4222",
};

describe("checkRequiredServices", () => {
  it("lets suites skip for want of a service unless STRATA_REQUIRE_SERVICES=1", () => {
    expect(() => checkRequiredServices({})).not.toThrow();
    expect(() => checkRequiredServices({ STRATA_REQUIRE_SERVICES: "" })).not.toThrow();
  });

  it("fails a run that requires the services when one is unset or empty, naming each", () => {
    expect(() => checkRequiredServices({ ...all, STRATA_REQUIRE_SERVICES: "1" })).not.toThrow();
    expect(() => checkRequiredServices({ ...all, REDIS_URL: "", STRATA_REQUIRE_SERVICES: "1" })).toThrow(
      "STRATA_REQUIRE_SERVICES=1 but REDIS_URL is not set",
    );
    expect(() => checkRequiredServices({ STRATA_REQUIRE_SERVICES: "1" })).toThrow(
      "DATABASE_URL, REDIS_URL, NATS_URL are not set",
    );
  });
});
