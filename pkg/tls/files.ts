import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** The PEM files of one TLS endpoint, by path: its certificate chain and key, and the CA its peers must chain to. */
export interface TlsFiles {
  /** The endpoint's certificate, leaf first then intermediates. */
  readonly cert?: string | undefined;
  /** The certificate's private key. */
  readonly key?: string | undefined;
  /** The CA certificate(s) a peer's certificate must be signed by (mTLS: client certificates; clients: the server's). */
  readonly ca?: string | undefined;
}

/** What a set of {@link TlsFiles} holds, read and checked: PEM bytes, as node:tls takes them. */
export interface TlsMaterial {
  readonly cert?: Buffer | undefined;
  readonly key?: Buffer | undefined;
  readonly ca?: Buffer | undefined;
}

/** One of a {@link TlsFiles}' files that cannot be used: which one, where, and why. */
export class TlsFileError extends Error {
  override readonly name = "TlsFileError";

  /** `file` is the TlsFiles field at fault, `path` its value. */
  constructor(
    readonly file: keyof TlsFiles,
    readonly path: string,
    readonly reason: string,
  ) {
    super(path === "" ? `${file} ${reason}` : `${file} ${path} ${reason}`);
  }
}

/**
 * Reads the files that are set and checks them, so a mistake is found at
 * start rather than at a client's first handshake: each is readable, the
 * certificates parse, the key parses and is the certificate's; `cert` and
 * `key` come together. Synchronous: the files are a few KiB, read at start
 * and on a slow poll. Throws a TlsFileError naming the file.
 */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const hasCert = set(files.cert);
  if (hasCert !== set(files.key)) {
    const missing = hasCert ? "key" : "cert";
    throw new TlsFileError(missing, "", `is needed with ${hasCert ? "cert" : "key"}`);
  }
  const cert = read(files, "cert");
  const key = read(files, "key");
  const ca = read(files, "ca");
  if (cert !== undefined && key !== undefined) {
    const leaf = certificate(files, "cert", cert);
    const privateKey = parseKey(files, key);
    if (!leaf.checkPrivateKey(privateKey)) {
      throw new TlsFileError("key", files.key ?? "", `is not the key of the certificate in ${files.cert ?? ""}`);
    }
  }
  if (ca !== undefined) certificate(files, "ca", ca);
  return { cert, key, ca };
}

function set(path: string | undefined): path is string {
  return path !== undefined && path !== "";
}

function read(files: TlsFiles, file: keyof TlsFiles): Buffer | undefined {
  const path = files[file];
  if (!set(path)) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new TlsFileError(file, path, `cannot be read (${code})`);
  }
}

function certificate(files: TlsFiles, file: "cert" | "ca", pem: Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new TlsFileError(file, files[file] ?? "", "is not a PEM certificate");
  }
}

function parseKey(files: TlsFiles, pem: Buffer): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new TlsFileError("key", files.key ?? "", "is not a PEM private key");
  }
}
