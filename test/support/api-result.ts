import { isStrataError } from "../../pkg/errors/index.js";

/** An error as a client sees it, whichever transport it used. */
export interface ApiError {
  code: number;
  reason: string;
  message: string;
  metadata: Record<string, string>;
}

/** The outcome of a call: the reply as proto3 JSON, or the error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** A REST call's outcome: the JSON body of a 2xx, else the error body. */
export async function restResult<T>(response: Response): Promise<Result<T>> {
  const json = (await response.json()) as T & ApiError;
  return response.ok ? { ok: true, value: json } : { ok: false, error: json };
}

/** A generated gRPC client call's outcome: its reply, or the StrataError it threw (anything else is rethrown). */
export async function grpcResult<T>(call: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (!isStrataError(err)) throw err;
    return {
      ok: false,
      error: { code: err.code, reason: err.reason, message: err.message, metadata: { ...err.metadata } },
    };
  }
}
