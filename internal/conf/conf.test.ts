import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../pkg/config/index.js";
import { ConfigSchema } from "./conf.js";

const CONFIG_FILE = fileURLToPath(new URL("../../configs/config.yaml", import.meta.url));

describe("configs/config.yaml", () => {
  it("is valid with no environment", async () => {
    const config = await loadConfig(CONFIG_FILE, ConfigSchema, {});
    expect(config.server.http.addr).toBe("127.0.0.1:8000");
    expect(config.server.grpc.addr).toBe("127.0.0.1:9000");
    expect(config.server.admin.addr).toBe("127.0.0.1:8001");
    expect(config.server.stopTimeout).toBe(10_000);
    expect(config.data.database.url).toBe("");
    expect(config.data.database.migrate).toBe(true);
    expect(config.log.level).toBe("info");
  });

  it("refuses profiling without a debug token long enough, naming it", async () => {
    for (const token of ["", "short"]) {
      await expect(
        loadConfig(CONFIG_FILE, ConfigSchema, { ADMIN_PROFILING: "true", ADMIN_DEBUG_TOKEN: token }),
      ).rejects.toThrow(/server\.admin\.debugToken: profiling is on: set a debugToken \(ADMIN_DEBUG_TOKEN\)/);
    }
    const config = await loadConfig(CONFIG_FILE, ConfigSchema, {
      ADMIN_PROFILING: "true",
      ADMIN_DEBUG_TOKEN: "x".repeat(16),
    });
    expect(config.server.admin.debugToken).toBe("x".repeat(16));
  });

  it("takes overrides from the environment", async () => {
    const config = await loadConfig(CONFIG_FILE, ConfigSchema, {
      HTTP_ADDR: "127.0.0.1:0",
      DATABASE_URL: "postgres://127.0.0.1:5432/test",
      LOG_LEVEL: "debug",
      DRAIN_DELAY: "500ms",
    });
    expect(config.server.http.addr).toBe("127.0.0.1:0");
    expect(config.data.database.url).toBe("postgres://127.0.0.1:5432/test");
    expect(config.log.level).toBe("debug");
    expect(config.server.drainDelay).toBe(500);
  });

  it.each([
    ["HTTP_ADDR", "localhost", "server.http.addr"],
    ["LOG_LEVEL", "loud", "log.level"],
    ["DATABASE_URL", "mysql://x", "data.database.url"],
    ["STOP_TIMEOUT", "ten", "server.stopTimeout"],
    ["DATABASE_POOL_SIZE", "0", "data.database.poolSize"],
  ])("rejects %s=%s naming %s", async (name, value, key) => {
    await expect(loadConfig(CONFIG_FILE, ConfigSchema, { [name]: value })).rejects.toThrow(`${key}:`);
  });
});
