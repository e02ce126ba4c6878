import { isMap, isSeq, parseDocument } from "yaml";

/** The buf workspace file, whose `modules` must list `api` for make api to see the new contract. */
export const BUF_WORKSPACE = "buf.yaml";

/**
 * The buf workspace `source` with a module at `path` first in its `modules`,
 * comments kept; unchanged (the same string) when it has one already.
 * `make remove-example` drops the api module when no contract is left.
 */
export function withBufModule(source: string, path: string): string {
  const doc = parseDocument(source);
  const modules = doc.get("modules", true);
  if (!isSeq(modules)) throw new Error(`${BUF_WORKSPACE} has no modules list`);
  if (modules.items.some((item) => isMap(item) && item.get("path") === path)) return source;
  modules.items.unshift(doc.createNode({ path }));
  return doc.toString({ flowCollectionPadding: false });
}

/** The buf workspace `source` without its module at `path`, comments kept; unchanged when it has none. */
export function withoutBufModule(source: string, path: string): string {
  const doc = parseDocument(source);
  const modules = doc.get("modules", true);
  if (!isSeq(modules)) return source;
  const index = modules.items.findIndex((item) => isMap(item) && item.get("path") === path);
  if (index < 0) return source;
  modules.items.splice(index, 1);
  return doc.toString({ flowCollectionPadding: false });
}
