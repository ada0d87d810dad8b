// usagePlan's inputs through SecureRestApi under mocks: each bad one is refused at construction
// naming the field and the value, and nothing is registered.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { rejectsEach } from "../../../test-support/inputCases";

// Bad usagePlan inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["negative burst limit", () => ({ throttle: { burstLimit: -1 } }), "throttle.burstLimit", "-1"],
    ["NaN rate limit", () => ({ throttle: { rateLimit: NaN } }), "throttle.rateLimit", "NaN"],
    ["fractional burst limit", () => ({ throttle: { burstLimit: 1.5 } }), "throttle.burstLimit", "1.5"],
    ["unknown quota period", () => ({ quota: { period: "YEAR" } }), "quota.period", '"YEAR"'],
    ["zero quota limit", () => ({ quota: { limit: 0 } }), "quota.limit", "0"],
    ["quota offset not below limit", () => ({ quota: { limit: 10, offset: 10 } }), "quota.offset", "10"],
]);
