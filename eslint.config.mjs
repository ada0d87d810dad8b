// Lint for the repository's TypeScript (run by `make test`, scripts/lint.sh):
// typescript-eslint's recommended rules; formatting is Prettier's (.prettierrc.json).
// Generated code (sdk/, schema-types.ts) and build output are not linted.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "**/node_modules/**", "**/dist/**", "**/bin/**", "sdk/**", "bench/**", "reports/**", "examples/**",
            "provider/src/shared/schema-types.ts", "**/*.js", "**/*.mjs", "**/*.d.ts",
        ],
    },
    // An eslint-disable comment that no rule needs fails the lint.
    { linterOptions: { reportUnusedDisableDirectives: "error" } },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            // `_`-prefixed names are deliberately unused (a field destructured away, a callback's first argument).
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // `import x = require(...)` is TypeScript's typed form; a plain require() stays an exception with a reason.
            "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
            // Our errors are written for the user: a caught SDK error is summarised into the message (and never
            // carries a key), not chained, so nothing prints it a second time.
            "preserve-caught-error": "off",
        },
    },
    {
        // Tests load built artifacts and fixtures by computed path, and read JSON whose shape is what they check.
        files: ["**/*.test.ts", "test-support/**/*.ts", "e2e/**/*.ts", "sdk-tests/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
    },
);
