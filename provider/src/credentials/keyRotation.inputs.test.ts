// keyRotation's inputs through SecureRestApi under mocks: each bad one is refused at construction
// naming the field and the value, and nothing is registered.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { rejectsEach, KEY } from "../../../test-support/inputCases";

// Bad keyRotation inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["negative rotation generation", () => ({ rotation: { generation: -1 } }), "rotation.generation", "-1"],
    ["retiring before any rotation", () => ({ rotation: { generation: 0, retirePrevious: true } }), "rotation.retirePrevious", "true"],
    [
        "rotation past SSM's 15 levels",
        () => ({ test: undefined, apiKeyParameterName: "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o", rotation: { generation: 1 } }),
        "rotation",
        '{"generation":1}',
    ],
    [
        "rotating a given apiKeyValue",
        () => ({ test: undefined, apiKeyValue: KEY, rotation: { generation: 1 } }),
        "rotation",
        '{"generation":1}',
    ],
]);
