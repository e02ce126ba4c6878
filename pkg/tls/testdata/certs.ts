// Certificates for tests, made with the openssl command line: a CA, and
// certificates it signs, valid for a day, in a directory of the test's own.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A certificate and its key, as PEM files. */
export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

/** What a certificate names besides its common name. */
export interface CertNames {
  /** subjectAltName DNS names; `localhost` by default. */
  readonly dns?: readonly string[];
  /** subjectAltName IP addresses; `127.0.0.1` by default. */
  readonly ips?: readonly string[];
  /** subjectAltName URIs (a SPIFFE id). */
  readonly uris?: readonly string[];
  /** The subject's organization (O=). */
  readonly organization?: string;
}

/** A directory of test certificates, removed by `remove()`. */
export class TestCerts {
  readonly dir = mkdtempSync(join(tmpdir(), "strata-certs-"));

  /** A self-signed CA named `name`. */
  ca(name: string): CertFiles {
    const files = this.#paths(name);
    openssl([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      files.key,
      "-out",
      files.cert,
      "-days",
      "1",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    return files;
  }

  /** A certificate for `commonName`, signed by `ca`, good for servers and clients alike. */
  leaf(ca: CertFiles, name: string, commonName: string, names: CertNames = {}): CertFiles {
    const files = this.#paths(name);
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    const subject = `/CN=${commonName}${names.organization === undefined ? "" : `/O=${names.organization}`}`;
    openssl([
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      files.key,
      "-out",
      csr,
      "-subj",
      subject,
    ]);
    const alt = [
      ...(names.dns ?? ["localhost"]).map((dns) => `DNS:${dns}`),
      ...(names.ips ?? ["127.0.0.1"]).map((ip) => `IP:${ip}`),
      ...(names.uris ?? []).map((uri) => `URI:${uri}`),
    ];
    writeFileSync(
      ext,
      `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=${alt.join(",")}\n`,
    );
    openssl([
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      ca.cert,
      "-CAkey",
      ca.key,
      "-set_serial",
      `0x${randomBytes(8).toString("hex")}`,
      "-days",
      "1",
      "-extfile",
      ext,
      "-out",
      files.cert,
    ]);
    return files;
  }

  /** Removes the directory and everything in it. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  #paths(name: string): CertFiles {
    return { cert: join(this.dir, `${name}.crt`), key: join(this.dir, `${name}.key`) };
  }
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}
