// The docs page as a reader sees it: Swagger UI rendered by headless Chromium
// (Debian's chromium; .ci/run installs it), listing every operation of the
// document. The screenshot is kept in test-results/ as a CI artefact.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newLogger } from "../pkg/log/logger.js";
import { HttpServer } from "../pkg/transport/http/index.js";
import { serveApiDocs } from "../internal/server/api-docs.js";
import { REQUIRE_SERVICES } from "./support/required-services.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const DOCUMENT = new URL("../tools/testdata/openapi.json", import.meta.url);
const SCREENSHOT_DIR = new URL("../test-results/", import.meta.url);
const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

/** Every operation of the document, as Swagger UI labels it: "GET /v1/shelves/{shelf}". */
function documentOperations(): string[] {
  const document = JSON.parse(readFileSync(DOCUMENT, "utf8")) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => HTTP_METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

const missing = !existsSync(CHROMIUM);
if (missing && process.env[REQUIRE_SERVICES] === "1")
  throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);

describe.skipIf(missing)("the docs page in Chromium", () => {
  let server: HttpServer;
  let browser: Browser;

  beforeAll(async () => {
    server = new HttpServer({ addr: "127.0.0.1:0" });
    serveApiDocs(server, newLogger({ name: "docs-page", version: "0", level: "silent" }), DOCUMENT);
    await server.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists every operation of the document, and nothing fails to load", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
    const failures: string[] = [];
    page.on("pageerror", (err) => failures.push(err.message));
    page.on("response", (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`http://${server.address}/docs/`);
    await page.locator(".opblock").first().waitFor({ timeout: 30_000 });
    const shown = await page.locator(".opblock-summary").evaluateAll((blocks) =>
      blocks.map((block) => {
        const method = block.querySelector(".opblock-summary-method")?.textContent ?? "";
        // Deprecated operations have a class of their own; long paths are broken with zero-width spaces.
        const pathElement = block.querySelector(".opblock-summary-path, .opblock-summary-path__deprecated");
        const path = (pathElement?.textContent ?? "").replace(/\u200b/g, "");
        return `${method} ${path}`;
      }),
    );
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: new URL("docs-page.png", SCREENSHOT_DIR).pathname, fullPage: true });
    expect(shown.sort()).toEqual(documentOperations().sort());
    expect(await page.title()).not.toBe("");
    expect(failures).toEqual([]);
  }, 60_000);
});
