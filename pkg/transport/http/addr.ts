import type { AddressInfo } from "node:net";

/**
 * Splits a listen address, `host:port`, into its parts: `[::1]:8000` for IPv6,
 * `:8000` for every interface (0.0.0.0). Throws on a missing or invalid port.
 */
export function parseAddr(addr: string): { host: string; port: number } {
  const colon = addr.lastIndexOf(":");
  const portText = addr.slice(colon + 1);
  const port = Number(portText);
  if (colon === -1 || !/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`invalid listen address "${addr}": want host:port`);
  }
  let host = addr.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host: host === "" ? "0.0.0.0" : host, port };
}

/** `host:port` of a bound socket, the host in brackets for IPv6. */
export function formatAddr(info: AddressInfo): string {
  return info.family === "IPv6" ? `[${info.address}]:${info.port}` : `${info.address}:${info.port}`;
}
