import { isMessage } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Validator } from "@bufbuild/protovalidate";
import { validationFailed } from "../errors/index.js";
import type { Middleware } from "./middleware.js";
import { hasValidationRules } from "./validation-rules.js";

/**
 * Checks every request against the buf.validate rules of its message, for
 * both transports. A request that breaks a rule fails with 400
 * VALIDATION_FAILED (gRPC INVALID_ARGUMENT) naming the field in the message
 * and in `metadata.field`; the handler is not called. A request type with no
 * rules (none on it, none on the types it holds) is not handed to the validator.
 */
export function validate(validator: Validator = createValidator()): Middleware {
  return (next) => (req, ctx) => {
    const schema = ctx.method.input;
    if (hasValidationRules(schema) && isMessage(req, schema)) {
      const result = validator.validate(schema, req);
      if (result.kind === "invalid") {
        const [first] = result.violations;
        const field = first ? pathToString(first.field) : "";
        return Promise.reject(validationFailed(field, result.violations.map((v) => v.toString()).join("; ")));
      }
      if (result.kind === "error") return Promise.reject(result.error);
    }
    return next(req, ctx);
  };
}
