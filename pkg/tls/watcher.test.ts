import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TlsFileError } from "./files.js";
import { TlsFileWatcher } from "./watcher.js";
import { TestCerts } from "./testdata/certs.js";

const certs = new TestCerts();
afterAll(() => certs.remove());
const ca = certs.ca("ca");
const first = certs.leaf(ca, "first", "first");
const second = certs.leaf(ca, "second", "second");

/** Files the test replaces, starting as `first`'s. */
function served(name: string): { cert: string; key: string } {
  const files = { cert: join(certs.dir, `${name}-tls.crt`), key: join(certs.dir, `${name}-tls.key`) };
  copyFileSync(first.cert, files.cert);
  copyFileSync(first.key, files.key);
  return files;
}

describe("TlsFileWatcher", () => {
  it("passes a replaced certificate and key on once both are in place", () => {
    const files = served("swap");
    const reloads: string[] = [];
    const errors: TlsFileError[] = [];
    const watcher = new TlsFileWatcher(files, { interval: 60_000, onError: (err) => errors.push(err) });
    const stop = watcher.onChange((material) => reloads.push(material.cert?.toString() ?? ""));
    try {
      watcher.poll();
      expect(reloads).toHaveLength(0);

      // Half-way through a copy the key is not the certificate's: nothing changes, one error is told.
      copyFileSync(second.cert, files.cert);
      watcher.poll();
      watcher.poll();
      expect(reloads).toHaveLength(0);
      expect(errors.map((err) => err.file)).toEqual(["key"]);

      copyFileSync(second.key, files.key);
      watcher.poll();
      expect(reloads).toHaveLength(1);
      expect(watcher.current.cert?.toString()).toBe(reloads[0]);
      expect(reloads[0]).toBe(readFileSync(second.cert, "utf8"));
    } finally {
      stop();
    }
  });

  it("keeps serving the last good files when they go missing", () => {
    const files = served("gone");
    const errors: string[] = [];
    const watcher = new TlsFileWatcher(files, { interval: 60_000, onError: (err) => errors.push(err.message) });
    const before = watcher.current;
    writeFileSync(files.cert, "");
    watcher.poll();
    expect(watcher.current).toBe(before);
    expect(errors).toEqual([`cert ${files.cert} is not a PEM certificate`]);
  });

  it("is a grpc-js certificate provider: listeners get the current files at once, then changes", async () => {
    const files = served("grpc");
    const watcher = new TlsFileWatcher({ ...files, ca: ca.cert }, { interval: 60_000 });
    const identities: Buffer[] = [];
    const cas: Buffer[] = [];
    const onIdentity = (update: { certificate: Buffer } | null): void => {
      if (update) identities.push(update.certificate);
    };
    const onCa = (update: { caCertificate: Buffer } | null): void => {
      if (update) cas.push(update.caCertificate);
    };
    watcher.addIdentityCertificateListener(onIdentity);
    watcher.addCaCertificateListener(onCa);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(identities).toHaveLength(1);
    expect(cas).toHaveLength(1);
    copyFileSync(second.cert, files.cert);
    copyFileSync(second.key, files.key);
    watcher.poll();
    expect(identities).toHaveLength(2);
    watcher.removeIdentityCertificateListener(onIdentity);
    watcher.removeCaCertificateListener(onCa);
    copyFileSync(first.cert, files.cert);
    copyFileSync(first.key, files.key);
    watcher.poll();
    expect(identities).toHaveLength(2);
  });
});
