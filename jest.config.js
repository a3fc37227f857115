/**
 * `npm test` runs two projects: unit tests (test/unit) and end-to-end tests in real Chromium (test/e2e).
 * Both go through ts-jest in transpile-only mode; `npm run typecheck` does the type checking.
 */
const transform = {
  "^.+\\.tsx?$": ["ts-jest", { tsconfig: { module: "commonjs", jsx: "react-jsx", isolatedModules: true } }],
  // jose 6 and oidc-provider 9 ship ES modules only; Jest (on Node < 24.9) loads CommonJS, so transpile
  // them like our sources.
  "/node_modules/(jose|oidc-provider)/.+\\.js$": [
    "ts-jest",
    { tsconfig: { module: "commonjs", allowJs: true, isolatedModules: true } },
  ],
};
const common = {
  testEnvironment: "node",
  transform,
  transformIgnorePatterns: ["/node_modules/(?!(jose|oidc-provider)/)"],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      roots: ["<rootDir>/test/unit"],
      testMatch: ["**/*.test.ts", "**/*.test.tsx"],
      // Many unit tests run real servers, streams and the simulator: Jest's 5 s default is a guard a
      // busy 2-core CI machine can trip (a hang still fails, after 30 s).
      testTimeout: 30_000,
    },
    {
      ...common,
      displayName: "e2e",
      roots: ["<rootDir>/test/e2e"],
      testMatch: ["**/*.e2e.test.ts"],
      testTimeout: 60_000,
    },
  ],
};
