// The new-api command as `make new-api` runs it, in a throwaway tree: what it
// refuses, with exit 2, leaves every file as it was. (A whole run, with code
// generation, lint and the generated test, is tools/template/check-new-api.sh.)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { USAGE_EXIT_CODE } from "./cli.js";

const exec = promisify(execFile);
const COMMAND = join(import.meta.dirname, "new-api.ts");
// Resolved here: `--import tsx` alone would look for tsx in the throwaway tree.
const TSX = import.meta.resolve("tsx");

let root: string | undefined;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

function tree(): string {
  root = mkdtempSync(join(tmpdir(), "new-api-cli-"));
  mkdirSync(join(root, "internal/apis"), { recursive: true });
  mkdirSync(join(root, "internal/data/migrations"), { recursive: true });
  mkdirSync(join(root, "api/billing/v1"), { recursive: true });
  writeFileSync(join(root, "internal/apis/registered.ts"), "export {};\n");
  writeFileSync(join(root, "api/billing/v1/billing.proto"), "");
  return root;
}

/** Every file under `dir`, relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

async function newApi(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", TSX, COMMAND, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("make new-api", () => {
  it.each([
    [["billing", "Invoice", ""], /NAME=billing exists already/],
    [["shipping", "Parcel", "Parcels"], /PLURAL="Parcels"/],
    [["", "", ""], /usage: make new-api NAME=/],
  ])("refuses %j with exit 2 and writes nothing", async (args, message) => {
    const dir = tree();
    const before = files(dir);
    const run = await newApi(dir, ...args);
    expect(run.code).toBe(USAGE_EXIT_CODE);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(files(dir)).toEqual(before);
  });
});
