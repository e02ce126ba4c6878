/** Extra key/value detail of an error; it reaches clients of both transports. */
export type ErrorMetadata = Readonly<Record<string, string>>;

/** The JSON body of an error reply over HTTP. */
export interface ErrorBody {
  code: number;
  reason: string;
  message: string;
  metadata: ErrorMetadata;
}

/**
 * An error as a value: `code` is the HTTP status, `reason` an UPPER_SNAKE value
 * of an ErrorReason enum (or one of the kit's own), `message` is for humans and
 * `metadata` for programs. Over gRPC, `code` maps to a status code and
 * `reason`/`metadata` travel in google.rpc.ErrorInfo.
 */
export class StrataError extends Error {
  override readonly name = "StrataError";

  /** Creates an error; `cause` is kept for logs and never sent to clients. */
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly metadata: ErrorMetadata = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** A copy with more metadata. */
  withMetadata(metadata: ErrorMetadata): StrataError {
    return new StrataError(
      this.code,
      this.reason,
      this.message,
      { ...this.metadata, ...metadata },
      { cause: this.cause },
    );
  }

  /** The body sent to HTTP clients. */
  toJSON(): ErrorBody {
    return { code: this.code, reason: this.reason, message: this.message, metadata: { ...this.metadata } };
  }
}

/** Whether a thrown value is a StrataError. */
export function isStrataError(err: unknown): err is StrataError {
  return err instanceof StrataError;
}

/** Whether a thrown value is a StrataError with the given reason. */
export function hasReason(err: unknown, reason: string): boolean {
  return isStrataError(err) && err.reason === reason;
}
