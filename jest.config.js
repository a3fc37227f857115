/** Jest runs the TypeScript sources through ts-jest in transpile-only mode; `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/unit"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: { module: "commonjs", jsx: "react-jsx", isolatedModules: true } }],
    // jose 6 and oidc-provider 9 ship ES modules only; Jest (on Node < 24.9) loads CommonJS, so transpile
    // them like our sources.
    "/node_modules/(jose|oidc-provider)/.+\\.js$": [
      "ts-jest",
      { tsconfig: { module: "commonjs", allowJs: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!(jose|oidc-provider)/)"],
};
