import { fitName } from "./names";

test("names that fit are kept as they are", () => {
    expect(fitName("short@api-invoke-role", 64)).toBe("short@api-invoke-role");
    expect(fitName("x".repeat(64), 64)).toBe("x".repeat(64));
});

test("long names are cut to the limit with a stable hash suffix", () => {
    const long = `${"s".repeat(100)}@api-invoke-role`;
    const fitted = fitName(long, 64);
    expect(fitted).toHaveLength(64);
    expect(fitted).toMatch(/^s{55}-[0-9a-f]{8}$/);
    expect(fitName(long, 64)).toBe(fitted);
    // Same 55-character prefix, different tail: different names.
    expect(fitName(`${"s".repeat(100)}@other`, 64)).not.toBe(fitted);
});
