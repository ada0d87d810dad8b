// The clean-room test (scripts/clean-room.sh), apart from the unit-test jest run: it needs dist/.
module.exports = {
    rootDir: __dirname,
    testEnvironment: "node",
    testMatch: ["<rootDir>/cleanRoom.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json", diagnostics: { warnOnly: false } }] },
    maxWorkers: 1,
    testTimeout: 600_000,
};
