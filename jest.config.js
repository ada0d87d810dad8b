// One Jest run covers every TypeScript workspace, so `make test` gets one report.
const project = (dir) => ({
    displayName: dir,
    // The provider's RestApiAudit runs the client's audit (secure-api-client/dist/audit): tests use its source.
    moduleNameMapper: { "^secure-api-client/dist/(.*)$": "<rootDir>/../client/src/$1" },
    rootDir: `<rootDir>/${dir}`,
    testEnvironment: "node",
    testMatch: ["**/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/", "/dist/"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: `<rootDir>/tsconfig.json`, diagnostics: { warnOnly: false } }] },
});

module.exports = {
    projects: ["provider", "client", "sdk-tests/nodejs"].map(project),
};
