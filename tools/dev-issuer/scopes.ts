import type { DescMethod } from "@bufbuild/protobuf";
import { accessRuleOf } from "../../pkg/auth/index.js";

/**
 * Every scope the access rules of `methods` name, sorted and once each: a
 * token granting them all may call every method, so it is the issuer's
 * default whatever APIs the service has.
 */
export function scopesOf(methods: Iterable<DescMethod>): string[] {
  const scopes = new Set<string>();
  for (const method of methods) for (const scope of accessRuleOf(method).scopes) scopes.add(scope);
  return [...scopes].sort();
}
