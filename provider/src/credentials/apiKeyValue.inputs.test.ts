// apiKeyValue's inputs through SecureRestApi under mocks: each bad one is refused at construction
// naming the field and the value, and nothing is registered.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { rejectsEach, KEY } from "../../../test-support/inputCases";

// Bad apiKeyValue inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["bad parameter name", () => ({ test: undefined, apiKeyParameterName: "/a b/api-key" }), "apiKeyParameterName", '"/a b/api-key"'],
    ["reserved parameter name", () => ({ test: undefined, apiKeyParameterName: "/aws/api-key" }), "apiKeyParameterName", '"/aws/api-key"'],
    ["unknown apiKeySource", () => ({ test: undefined, apiKeySource: "vault" }), "apiKeySource", '"vault"'],
    ["apiKeyValue with apiKeySource", () => ({ test: undefined, apiKeyValue: KEY, apiKeySource: "random" }), "apiKeySource", '"random"'],
    ["empty cacheFile", () => ({ test: undefined, cacheFile: " " }), "cacheFile", '" "'],
]);
