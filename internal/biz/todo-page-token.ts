import { errorTodoInvalidPageToken } from "../../api/todo/v1/error_reason_errors.js";
import type { TodoCursor } from "./todo.js";

/**
 * Encodes where the next page starts as an opaque token. Clients must pass it
 * back unchanged; its format may change between versions.
 */
export function encodePageToken(cursor: TodoCursor): string {
  return Buffer.from(JSON.stringify([cursor.createTime.toISOString(), cursor.id])).toString("base64url");
}

/** Decodes a token made by encodePageToken; anything else is a TODO_INVALID_PAGE_TOKEN error. */
export function decodePageToken(token: string): TodoCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [time, id] = parsed as unknown[];
      const createTime = typeof time === "string" ? new Date(time) : new Date(Number.NaN);
      if (typeof id === "string" && id !== "" && !Number.isNaN(createTime.getTime())) return { createTime, id };
    }
  } catch {
    // fall through to the error below
  }
  throw errorTodoInvalidPageToken("page_token is not a token this service issued", { field: "page_token" });
}
