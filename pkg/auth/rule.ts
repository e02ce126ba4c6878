import { getOption, hasOption, type DescMethod } from "@bufbuild/protobuf";
import { rule } from "../gen/strata/auth/v1/auth_pb.js";

/** Who may call a method: anyone (`public`), or an authenticated caller whose token grants every one of `scopes`. */
export interface AccessRule {
  readonly public: boolean;
  readonly scopes: readonly string[];
}

const AUTHENTICATED: AccessRule = { public: false, scopes: [] };

/**
 * The access rule a method declares with `option (strata.auth.v1.rule)`; a
 * method without one needs an authenticated caller and no particular scope.
 */
export function accessRuleOf(method: DescMethod): AccessRule {
  if (!hasOption(method, rule)) return AUTHENTICATED;
  const declared = getOption(method, rule);
  return { public: declared.public, scopes: [...declared.scopes] };
}
