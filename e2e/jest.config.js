// The real-engine suite's TypeScript part (run by scripts/e2e.sh, not by the
// unit-test jest run): slow, so one worker and generous timeouts.
module.exports = {
    rootDir: __dirname,
    testEnvironment: "node",
    testMatch: ["<rootDir>/nodejs/**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json", diagnostics: { warnOnly: false } }] },
    maxWorkers: 1,
    testTimeout: 600_000,
};
