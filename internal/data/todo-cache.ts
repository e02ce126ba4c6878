import { LRUCache } from "lru-cache";
import { inject, injectable } from "tsyringe";
import type { Todo } from "../biz/todo.js";
import type { Cache } from "../../pkg/cache/index.js";
import { CacheToken, DataOptionsToken } from "./tokens.js";
import type { DataOptions } from "./data-options.js";

// How many decoded entries are kept, so a hot todo is not parsed on every hit.
const DECODED_MAX = 1_000;

/**
 * Cache-aside for todos by id: a hit is served from the cache, a miss loads
 * from the database and fills the cache for `cacheTtl` (unless a write
 * invalidated the todo meanwhile). Absent todos are not cached. The last
 * cached text seen for a key is kept decoded: a hit whose text is the same
 * returns that Todo (todos are immutable values) without parsing it again.
 */
@injectable()
export class TodoCache {
  private readonly decoded = new LRUCache<string, { readonly text: string; readonly todo: Todo }>({
    max: DECODED_MAX,
  });

  constructor(
    @inject(CacheToken) private readonly cache: Cache,
    @inject(DataOptionsToken) private readonly options: DataOptions,
  ) {}

  /** The cached todo, or what `load` returns (then cached). */
  async getOrLoad(id: string, load: () => Promise<Todo | undefined>): Promise<Todo | undefined> {
    const key = cacheKey(id);
    const { value, token } = await this.cache.lookup(key);
    if (value !== undefined) {
      const cached = this.decode(key, value);
      if (cached) return cached;
    }
    const todo = await load();
    if (todo) await this.cache.fill(key, token, JSON.stringify(todo), this.options.cacheTtl);
    return todo;
  }

  /** Drops the cached todo: call once the write that changed it committed. */
  invalidate(id: string): Promise<void> {
    const key = cacheKey(id);
    this.decoded.delete(key);
    return this.cache.invalidate(key);
  }

  private decode(key: string, text: string): Todo | undefined {
    const seen = this.decoded.get(key);
    if (seen?.text === text) return seen.todo;
    const todo = parse(text);
    if (todo) this.decoded.set(key, { text, todo });
    return todo;
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
