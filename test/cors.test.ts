// CORS on the REST port: off unless CORS_ORIGINS names the browser apps' origins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startService, type RunningService } from "./support/service.js";

const APP = "https://app.example.com";

describe("CORS with CORS_ORIGINS set", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ CORS_ORIGINS: `${APP}, http://localhost:5173` }, { apis: "fixture" });
  });
  afterAll(() => service?.stop());

  it("answers a listed origin's preflight, allowing the method and the headers it asks for", async () => {
    const res = await fetch(`${service.httpUrl}/v1/echo`, {
      method: "OPTIONS",
      headers: {
        origin: APP,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    expect(res.headers.get("access-control-max-age")).toBe("600");
  });

  it("marks replies to a listed origin, and only to it", async () => {
    const call = (origin: string) =>
      fetch(`${service.httpUrl}/v1/echo`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ message: "hi" }),
      });
    const listed = await call(APP);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(APP);
    const other = await call("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("CORS by default", () => {
  it("is off: no preflight answer, no allow-origin header", async () => {
    const service = await startService({ CORS_ORIGINS: "" }, { apis: "fixture" });
    try {
      const preflight = await fetch(`${service.httpUrl}/v1/echo`, {
        method: "OPTIONS",
        headers: { origin: APP, "access-control-request-method": "POST" },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(preflight.status).toBeGreaterThanOrEqual(400);
      expect(preflight.status).toBeLessThan(500);
    } finally {
      await service.stop();
    }
  });

  it("refuses an origin that is not one, naming the setting", async () => {
    await expect(startService({ CORS_ORIGINS: "app.example.com" }, { apis: "fixture" })).rejects.toThrow(
      /server\.http\.corsOrigins: expected origins like https:\/\/app\.example\.com, got "app\.example\.com"/,
    );
  });
});
