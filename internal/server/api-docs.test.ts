import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { newLogger } from "../../pkg/log/logger.js";
import { HttpServer } from "../../pkg/transport/http/index.js";
import { serveApiDocs } from "./api-docs.js";

/** The test contracts' merged document (tools/testdata), which exists whatever APIs the service has. */
const TEST_DOCUMENT = new URL("../../tools/testdata/openapi.json", import.meta.url);

const servers: HttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

/** An HTTP server on a free port serving the docs of `url`, and the log lines it wrote. */
async function docsServer(url: URL): Promise<{ base: string; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const logger = newLogger({
    name: "docs-test",
    version: "0",
    level: "info",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const server = new HttpServer({ addr: "127.0.0.1:0" });
  serveApiDocs(server, logger, url);
  await server.start();
  servers.push(server);
  return { base: `http://${server.address}`, lines };
}

describe("serveApiDocs", () => {
  it("serves the document as it was generated at /openapi.json", async () => {
    const { base } = await docsServer(TEST_DOCUMENT);
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual(JSON.parse(readFileSync(TEST_DOCUMENT, "utf8")));
  });

  it("renders Swagger UI at /docs with its assets, pointed at the document", async () => {
    const { base } = await docsServer(TEST_DOCUMENT);
    const page = await fetch(`${base}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("swagger-ui-bundle.js");
    const bundle = await fetch(`${base}/docs/static/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(Number(bundle.headers.get("content-length"))).toBe((await bundle.arrayBuffer()).byteLength);
    const initializer = await (await fetch(`${base}/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain("./json");
    const json = await fetch(`${base}/docs/json`);
    expect(((await json.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("answers HEAD, and 404 for a docs asset that does not exist", async () => {
    const { base } = await docsServer(TEST_DOCUMENT);
    const head = await fetch(`${base}/openapi.json`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await fetch(`${base}/docs/static/nope.js`)).status).toBe(404);
  });

  it("serves neither path, and says so once, when there is no document", async () => {
    const { base, lines } = await docsServer(new URL("./no-such-openapi.json", TEST_DOCUMENT));
    expect((await fetch(`${base}/openapi.json`)).status).toBe(404);
    expect((await fetch(`${base}/docs/`)).status).toBe(404);
    expect(lines.filter((line) => line["level"] === "warn")).toEqual([
      expect.objectContaining({ msg: "no API document: /openapi.json and /docs are not served" }),
    ]);
  });
});
