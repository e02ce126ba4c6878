import { describe, expect, it, vi } from "vitest";
import { MemoryCache } from "../../pkg/cache/index.js";
import type { Todo } from "../biz/todo.js";
import { TodoCache } from "./todo-cache.js";

const todo: Todo = {
  id: "t1",
  title: "write tests",
  done: false,
  createTime: new Date("2026-11-21T10:00:00.000Z"),
  updateTime: new Date("2026-11-21T11:00:00.000Z"),
  etag: "e1",
};

function setup() {
  const store = new MemoryCache();
  const cache = new TodoCache(store, { cacheTtl: 60_000 });
  return { store, cache };
}

describe("TodoCache", () => {
  it("loads a miss, then serves the cached todo without loading", async () => {
    const { cache } = setup();
    const load = vi.fn(() => Promise.resolve(todo));
    expect(await cache.getOrLoad("t1", load)).toEqual(todo);
    expect(await cache.getOrLoad("t1", load)).toEqual(todo);
    expect(load).toHaveBeenCalledOnce();
  });

  it("parses a cached todo once, while its cached text stays the same", async () => {
    const { cache } = setup();
    await cache.getOrLoad("t1", () => Promise.resolve(todo));
    const parse = vi.spyOn(JSON, "parse");
    const first = await cache.getOrLoad("t1", () => Promise.reject(new Error("not a miss")));
    const second = await cache.getOrLoad("t1", () => Promise.reject(new Error("not a miss")));
    expect(parse).toHaveBeenCalledOnce();
    parse.mockRestore();
    expect(second).toBe(first);
    expect(first?.createTime).toEqual(todo.createTime);
  });

  it("serves the new text once another writer replaced the cached one", async () => {
    const { store, cache } = setup();
    await cache.getOrLoad("t1", () => Promise.resolve(todo));
    await cache.getOrLoad("t1", () => Promise.reject(new Error("not a miss")));
    // Another instance invalidated and refilled the shared cache.
    await store.invalidate("todo:t1");
    const { token } = await store.lookup("todo:t1");
    await store.fill("todo:t1", token, JSON.stringify({ ...todo, title: "renamed", etag: "e2" }), 60_000);
    expect(await cache.getOrLoad("t1", () => Promise.reject(new Error("not a miss")))).toMatchObject({
      title: "renamed",
      etag: "e2",
    });
  });

  it("loads again after an invalidation", async () => {
    const { cache } = setup();
    await cache.getOrLoad("t1", () => Promise.resolve(todo));
    await cache.invalidate("t1");
    const load = vi.fn(() => Promise.resolve({ ...todo, done: true }));
    expect(await cache.getOrLoad("t1", load)).toMatchObject({ done: true });
    expect(load).toHaveBeenCalledOnce();
  });
});
