import type { CallContext } from "../transport/context.js";

/** Headers (gRPC metadata keys) with this prefix reach the handler in `ctx.requestHeader`. */
export const METADATA_PREFIX = "x-md-";

/** Headers with this prefix are also forwarded on every outbound call made on the call's behalf. */
export const GLOBAL_METADATA_PREFIX = "x-md-global-";

/**
 * The call's metadata: every `x-md-*` request header (gRPC metadata key),
 * global or not, lower-case name → value. Tenant, colour and the like travel
 * this way; `x-md-global-*` ones are forwarded by the kit's clients (see
 * `forwardGlobalMetadata`), the others stop at this service.
 */
export function metadataOf(ctx: CallContext): Map<string, string> {
  const metadata = new Map<string, string>();
  ctx.requestHeader.forEach((value, key) => {
    if (key.startsWith(METADATA_PREFIX)) metadata.set(key, value);
  });
  return metadata;
}

/**
 * Copies the `x-md-global-*` headers of the call being served into an
 * outbound call's headers, without overriding ones the caller set itself.
 */
export function forwardGlobalMetadata(from: Headers, to: Headers): void {
  from.forEach((value, key) => {
    if (key.startsWith(GLOBAL_METADATA_PREFIX) && !to.has(key)) to.set(key, value);
  });
}
