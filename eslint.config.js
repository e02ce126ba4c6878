// @ts-check
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

/** The layer rules (DESIGN.md): which directories may not import which. */
const layerZones = [
  {
    target: "./internal/biz",
    from: ["./internal/data", "./internal/server", "./internal/service", "./pkg/transport"],
    message:
      "biz holds the domain: it imports neither data, server, service nor pkg/transport (dependencies point inward).",
  },
  {
    target: "./pkg",
    from: ["./internal", "./api", "./cmd", "./test"],
    message: "pkg is the kit, reusable by any service: it never imports a service's code, its API or test/.",
  },
];

/** What only tests may import. */
const testOnlyZones = [
  {
    target: ["./api", "./cmd", "./internal", "./pkg", "./tools"],
    from: "./test",
    message: "production code never imports test/: a test injects what it needs (see test/support/test-hooks.ts).",
  },
];

export default tseslint.config(
  { ignores: ["dist/", ".data/", "node_modules/", "coverage/", "**/*_pb.ts", "pkg/gen/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Promise mistakes, which need the types: a promise no one awaits or
    // handles, a promise where a callback's result is ignored (an event handler).
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })] },
    rules: { "import-x/no-restricted-paths": ["error", { basePath: root, zones: layerZones }] },
  },
  {
    files: ["**/*.ts"],
    ignores: ["**/*.test.ts", "**/testdata/**"],
    rules: { "import-x/no-restricted-paths": ["error", { basePath: root, zones: [...layerZones, ...testOnlyZones] }] },
  },
);
