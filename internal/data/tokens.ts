/** The injection token of the data layer's UnitOfWork<Tables> (pkg/data), which repositories query through. */
export const SqlUnitOfWorkToken = Symbol("SqlUnitOfWork");

/** The injection token of the shared Cache (pkg/cache): Redis or the in-process LRU. */
export const CacheToken = Symbol("Cache");

/** The injection token of the data layer's options (cache TTL). */
export const DataOptionsToken = Symbol("DataOptions");
