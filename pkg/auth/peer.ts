import { X509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import type { CallContext } from "../transport/context.js";
import { peerCertificateOf } from "../transport/server-call.js";

/**
 * The client of a call as its TLS client certificate names it: a gRPC call
 * over mTLS, whose certificate the server verified against its client CA.
 * For policies of the service's own ("only the orders service may call
 * this"); a bearer token's caller is `identityOf(ctx)`.
 */
export interface Peer {
  /** The certificate's subject, one attribute per line as Node writes it: `CN=orders\nO=Acme`. */
  readonly subject: string;
  /** The subject's common name (CN); "" when it has none. */
  readonly commonName: string;
  /** subjectAltName DNS names. */
  readonly dnsNames: readonly string[];
  /** subjectAltName URIs, e.g. a SPIFFE id `spiffe://cluster.local/ns/shop/sa/orders`. */
  readonly uris: readonly string[];
  /** subjectAltName e-mail addresses. */
  readonly emails: readonly string[];
  /** subjectAltName IP addresses. */
  readonly ipAddresses: readonly string[];
  /** The issuer's name, written as `subject` is. */
  readonly issuer: string;
  /** The SHA-256 fingerprint, `AB:CD:…`: pins one certificate. */
  readonly fingerprint256: string;
  /** The whole certificate, for checks of the service's own (`checkHost`, `publicKey`, `validTo`, …). */
  readonly certificate: X509Certificate;
}

const described = new WeakMap<CallContext, Peer | null>();

/**
 * The verified client certificate of the call `ctx` serves; undefined when
 * the client sent none (no mTLS, REST) or `ctx` is not a server's. Described
 * on first use, once per call.
 */
export function peerOf(ctx: CallContext): Peer | undefined {
  const known = described.get(ctx);
  if (known !== undefined) return known ?? undefined;
  const raw = peerCertificateOf(ctx);
  const peer = raw === undefined ? undefined : describePeer(raw);
  described.set(ctx, peer ?? null);
  return peer;
}

/** A Peer from the certificate node:tls hands a server. */
export function describePeer(raw: PeerCertificate): Peer {
  const certificate = new X509Certificate(raw.raw);
  const names = altNames(certificate.subjectAltName ?? "");
  const cn = raw.subject?.CN;
  return {
    subject: certificate.subject,
    commonName: (Array.isArray(cn) ? cn[0] : cn) ?? "",
    dnsNames: names("DNS"),
    uris: names("URI"),
    emails: names("email"),
    ipAddresses: names("IP Address"),
    issuer: certificate.issuer,
    fingerprint256: certificate.fingerprint256,
    certificate,
  };
}

/**
 * The subjectAltName entries of each kind, from Node's text form of them:
 * `DNS:a.example, URI:spiffe://x, IP Address:10.0.0.1`, where an entry
 * holding a comma or a quote is written as a JSON string
 * (`DNS:"a, b"`, as node:tls's own checkServerIdentity reads it).
 */
function altNames(text: string): (kind: string) => string[] {
  const entries: string[] = [];
  let entry = "";
  let at = 0;
  while (at < text.length) {
    const comma = text.indexOf(", ", at);
    const quote = text.indexOf('"', at);
    if (quote !== -1 && (comma === -1 || quote < comma)) {
      const quoted = JSON_STRING.exec(text.slice(quote));
      if (quoted === null) break;
      entry += text.slice(at, quote) + unquote(quoted[0]);
      at = quote + quoted[0].length;
    } else if (comma !== -1) {
      entries.push(entry + text.slice(at, comma));
      entry = "";
      at = comma + 2;
    } else {
      entry += text.slice(at);
      at = text.length;
    }
  }
  if (entry !== "") entries.push(entry);
  return (kind) => entries.filter((e) => e.startsWith(`${kind}:`)).map((e) => e.slice(kind.length + 1));
}

function unquote(json: string): string {
  try {
    return JSON.parse(json) as string;
  } catch {
    return json;
  }
}

// A quoted entry up to its closing quote; JSON.parse checks the escapes inside.
const JSON_STRING = /^"(?:[^"\\]|\\.)*"/;
