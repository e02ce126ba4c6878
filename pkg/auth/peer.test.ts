import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { TestCerts } from "../tls/testdata/certs.js";
import { describePeer } from "./peer.js";

const certs = new TestCerts();
afterAll(() => certs.remove());

describe("describePeer", () => {
  it("names a client certificate's subject and every kind of subjectAltName", () => {
    const ca = certs.ca("peer-ca");
    const leaf = certs.leaf(ca, "orders", "orders", {
      organization: "Shop",
      dns: ["orders.shop.svc", "orders"],
      ips: ["10.0.0.7"],
      uris: ["spiffe://cluster.local/ns/shop/sa/orders"],
    });
    const peer = describePeer(new X509Certificate(readFileSync(leaf.cert)).toLegacyObject());
    expect(peer).toMatchObject({
      subject: "CN=orders\nO=Shop",
      commonName: "orders",
      dnsNames: ["orders.shop.svc", "orders"],
      uris: ["spiffe://cluster.local/ns/shop/sa/orders"],
      ipAddresses: ["10.0.0.7"],
      emails: [],
      issuer: "CN=peer-ca",
    });
    expect(peer.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
