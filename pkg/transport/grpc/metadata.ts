import { Metadata } from "@grpc/grpc-js";

const isBinaryKey = (key: string): boolean => key.endsWith("-bin");

/**
 * gRPC metadata as Headers, the form CallContext carries for both transports:
 * binary (`-bin`) values are base64, repeated keys are appended. Entries that
 * Headers cannot hold are dropped rather than failing the call.
 */
export function headersFromMetadata(metadata: Metadata): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) {
      try {
        headers.append(key, typeof value === "string" ? value : value.toString("base64"));
      } catch {
        // Not a valid header name or value: nothing a handler could use.
      }
    }
  }
  return headers;
}

/**
 * Headers as gRPC metadata: `-bin` values are decoded from base64 (repeated
 * ones, which Headers joins with commas, become separate values). Names that
 * gRPC reserves (`grpc-*`) are skipped.
 */
export function metadataFromHeaders(headers: Headers): Metadata {
  const metadata = new Metadata();
  headers.forEach((value, key) => {
    if (key.startsWith("grpc-")) return;
    if (!isBinaryKey(key)) {
      metadata.add(key, value);
      return;
    }
    for (const part of value.split(",")) metadata.add(key, Buffer.from(part.trim(), "base64"));
  });
  return metadata;
}
