import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTlsFiles } from "./files.js";
import { TestCerts } from "./testdata/certs.js";

const certs = new TestCerts();
afterAll(() => certs.remove());
const ca = certs.ca("ca");
const server = certs.leaf(ca, "server", "server");
const other = certs.leaf(ca, "other", "other");

describe("readTlsFiles", () => {
  it("reads a certificate, its key and a CA", () => {
    const material = readTlsFiles({ ...server, ca: ca.cert });
    expect(material.cert?.toString()).toContain("BEGIN CERTIFICATE");
    expect(material.key?.toString()).toContain("PRIVATE KEY");
    expect(material.ca?.toString()).toContain("BEGIN CERTIFICATE");
  });

  it("reads none when none is set", () => {
    expect(readTlsFiles({ cert: "", key: "" })).toEqual({ cert: undefined, key: undefined, ca: undefined });
  });

  it("names the file that cannot be read", () => {
    expect(() => readTlsFiles({ cert: "/nonexistent/tls.crt", key: server.key })).toThrow(
      "cert /nonexistent/tls.crt cannot be read (ENOENT)",
    );
  });

  it("refuses a key that is not the certificate's", () => {
    expect(() => readTlsFiles({ cert: server.cert, key: other.key })).toThrow(
      `key ${other.key} is not the key of the certificate in ${server.cert}`,
    );
  });

  it("refuses a file that is not a certificate, or not a key", () => {
    const junk = join(certs.dir, "junk.pem");
    writeFileSync(junk, "not pem\n");
    expect(() => readTlsFiles({ cert: junk, key: server.key })).toThrow(`cert ${junk} is not a PEM certificate`);
    expect(() => readTlsFiles({ cert: server.cert, key: junk })).toThrow(`key ${junk} is not a PEM private key`);
    expect(() => readTlsFiles({ ca: junk })).toThrow(`ca ${junk} is not a PEM certificate`);
  });

  it("wants a certificate and a key together", () => {
    expect(() => readTlsFiles({ cert: server.cert })).toThrow("key is needed with cert");
    expect(() => readTlsFiles({ key: server.key })).toThrow("cert is needed with key");
  });
});
