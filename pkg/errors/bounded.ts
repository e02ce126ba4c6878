import { StrataError, type ErrorMetadata } from "./error.js";

/** The longest error message sent to a client, in UTF-16 code units; longer ones are cut. */
export const MAX_ERROR_MESSAGE_LENGTH = 1024;
/** The longest metadata value sent to a client; longer ones are cut. */
export const MAX_ERROR_METADATA_VALUE_LENGTH = 256;
/** The most metadata entries sent to a client; further ones are dropped. */
export const MAX_ERROR_METADATA_ENTRIES = 32;

const CUT = "…";

/**
 * `err` as it may be sent: message and metadata values cut to their bounds
 * (ending in "…"), at most MAX_ERROR_METADATA_ENTRIES entries. Errors often
 * echo what the client sent (an id, a field's value): a 100 KB id must not
 * come back as a 100 KB `grpc-message`, which overflows HTTP/2 header limits
 * and leaves the client with RESOURCE_EXHAUSTED or no answer at all. An error
 * within bounds is returned as it is.
 */
export function boundedError(err: StrataError): StrataError {
  const entries = Object.entries(err.metadata);
  const fits =
    err.message.length <= MAX_ERROR_MESSAGE_LENGTH &&
    entries.length <= MAX_ERROR_METADATA_ENTRIES &&
    entries.every(
      ([key, value]) =>
        key.length <= MAX_ERROR_METADATA_VALUE_LENGTH && value.length <= MAX_ERROR_METADATA_VALUE_LENGTH,
    );
  if (fits) return err;
  const metadata: Record<string, string> = {};
  for (const [key, value] of entries.slice(0, MAX_ERROR_METADATA_ENTRIES)) {
    metadata[cut(key, MAX_ERROR_METADATA_VALUE_LENGTH)] = cut(value, MAX_ERROR_METADATA_VALUE_LENGTH);
  }
  return new StrataError(err.code, err.reason, cut(err.message, MAX_ERROR_MESSAGE_LENGTH), metadata as ErrorMetadata, {
    cause: err.cause,
  });
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - CUT.length;
  // Never split a surrogate pair: half of one is not text.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + CUT;
}
