// The security headers of REST replies (helmet's, for an API) and no-store on
// replies to requests that carry credentials.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startService, type RunningService } from "./support/service.js";

describe("security headers", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({}, { apis: "fixture" });
  });
  afterAll(() => service?.stop());

  const echo = (headers: Record<string, string> = {}) =>
    fetch(`${service.httpUrl}/v1/echo`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ message: "hi" }),
    });

  it("are on every reply: nosniff, frame-deny, no referrer; no HSTS over plain HTTP", async () => {
    for (const res of [await echo(), await fetch(`${service.httpUrl}/v1/nowhere`)]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(res.headers.get("content-security-policy")).toBeNull();
    }
  });

  it("keep replies to requests with credentials out of caches, and only those", async () => {
    const authenticated = await echo({ authorization: "Bearer abc" });
    expect(authenticated.status).toBe(200);
    expect(authenticated.headers.get("cache-control")).toBe("no-store");
    expect((await echo()).headers.get("cache-control")).toBeNull();
  });
});
