import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  duration,
  expandPlaceholders,
  flag,
  integer,
  listenAddress,
  loadConfig,
  parseConfig,
  parseDuration,
} from "./index.js";

const schema = z.strictObject({
  server: z.strictObject({ addr: listenAddress(), timeout: duration() }),
  debug: flag(),
  workers: integer(),
});

describe("expandPlaceholders", () => {
  it("uses the environment, then the default, then empty", () => {
    const doc = { a: "${A:x}", b: "${B:0.0.0.0:8000}", c: "${C}", d: ["pre-${A}-post"], e: 5 };
    expect(expandPlaceholders(doc, { A: "set" })).toEqual({
      a: "set",
      b: "0.0.0.0:8000",
      c: "",
      d: ["pre-set-post"],
      e: 5,
    });
  });
  it("treats an empty variable as unset", () => {
    expect(expandPlaceholders("${A:dflt}", { A: "" })).toBe("dflt");
  });
});

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["2s", 2000],
    ["1.5m", 90_000],
    ["1h", 3_600_000],
    ["0", 0],
  ])("%s is %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(["", "5", "2 sec", "-1s", "1d"])("rejects %j", (text) => expect(parseDuration(text)).toBeUndefined());
});

describe("parseConfig", () => {
  const valid = {
    server: { addr: "${ADDR:0.0.0.0:8000}", timeout: "${TIMEOUT:2s}" },
    debug: "${DEBUG:false}",
    workers: "4",
  };

  it("expands placeholders and converts values", () => {
    expect(parseConfig(valid, schema, { TIMEOUT: "250ms", DEBUG: "true" })).toEqual({
      server: { addr: "0.0.0.0:8000", timeout: 250 },
      debug: true,
      workers: 4,
    });
  });

  it("names every bad key", () => {
    const env = { ADDR: "nonsense", TIMEOUT: "soon", DEBUG: "yes" };
    const error = (() => {
      try {
        parseConfig(valid, schema, env);
      } catch (err) {
        return err as Error;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("server.addr:");
    expect(error.message).toContain("server.timeout: expected a duration");
    expect(error.message).toContain("debug:");
  });

  it("rejects unknown keys, naming them", () => {
    expect(() => parseConfig({ ...valid, sever: {} }, schema, {})).toThrow(/sever/);
  });

  it("names a missing key", () => {
    expect(() => parseConfig({ server: valid.server, debug: true }, schema, {})).toThrow(/workers:/);
  });
});

describe("loadConfig", () => {
  it("reads YAML from a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "config-"));
    const path = join(dir, "config.yaml");
    await writeFile(path, "server:\n  addr: 127.0.0.1:0\n  timeout: 1s\ndebug: true\nworkers: 2\n");
    await expect(loadConfig(path, schema, {})).resolves.toEqual({
      server: { addr: "127.0.0.1:0", timeout: 1000 },
      debug: true,
      workers: 2,
    });
  });

  it("names the file when it is missing or not YAML", async () => {
    await expect(loadConfig("/nonexistent/config.yaml", schema, {})).rejects.toThrow(
      /cannot read config file \/nonexistent/,
    );
    const dir = await mkdtemp(join(tmpdir(), "config-"));
    const path = join(dir, "bad.yaml");
    await writeFile(path, "server: [unclosed\n");
    await expect(loadConfig(path, schema, {})).rejects.toThrow(/not valid YAML/);
  });
});
