import { defineConfig } from "vitest/config";

/**
 * The e2e suite (test/e2e/): runs against a deployed stack named by
 * E2E_HTTP_URL, E2E_GRPC_ADDR and E2E_ADMIN_URL (`make compose-test`). Files
 * run one at a time: the restart test takes the service down for a moment.
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
