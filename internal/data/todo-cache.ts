import { inject, injectable } from "tsyringe";
import type { Todo } from "../biz/todo.js";
import type { Cache } from "../../pkg/cache/index.js";
import { CacheToken, DataOptionsToken } from "./tokens.js";
import type { DataOptions } from "./data-options.js";

/**
 * Cache-aside for todos by id: a hit is served from the cache, a miss loads
 * from the database and fills the cache for `cacheTtl` (unless a write
 * invalidated the todo meanwhile). Absent todos are not cached.
 */
@injectable()
export class TodoCache {
  constructor(
    @inject(CacheToken) private readonly cache: Cache,
    @inject(DataOptionsToken) private readonly options: DataOptions,
  ) {}

  /** The cached todo, or what `load` returns (then cached). */
  async getOrLoad(id: string, load: () => Promise<Todo | undefined>): Promise<Todo | undefined> {
    const key = cacheKey(id);
    const { value, token } = await this.cache.lookup(key);
    if (value !== undefined) {
      const cached = parse(value);
      if (cached) return cached;
    }
    const todo = await load();
    if (todo) await this.cache.fill(key, token, JSON.stringify(todo), this.options.cacheTtl);
    return todo;
  }

  /** Drops the cached todo: call once the write that changed it committed. */
  invalidate(id: string): Promise<void> {
    return this.cache.invalidate(cacheKey(id));
  }
}

function cacheKey(id: string): string {
  return `todo:${id}`;
}

/** A cached todo, or undefined if the entry is not one (an older format): then it is a miss. */
function parse(value: string): Todo | undefined {
  try {
    const json = JSON.parse(value) as Record<string, unknown>;
    const { id, title, done, createTime, updateTime, etag } = json;
    if (typeof id !== "string" || typeof title !== "string" || typeof done !== "boolean") return undefined;
    if (typeof createTime !== "string" || typeof updateTime !== "string" || typeof etag !== "string") return undefined;
    return { id, title, done, createTime: new Date(createTime), updateTime: new Date(updateTime), etag };
  } catch {
    return undefined;
  }
}
