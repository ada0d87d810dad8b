// apiOptions's inputs through SecureRestApi under mocks: each bad one is refused at construction
// naming the field and the value, and nothing is registered.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { rejectsEach } from "../../../test-support/inputCases";

// Bad apiOptions inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["binary media type without a subtype", () => ({ binaryMediaTypes: ["png"] }), "binaryMediaTypes[0]", '"png"'],
    ["binary media type listed twice", () => ({ binaryMediaTypes: ["image/png", "IMAGE/PNG"] }), "binaryMediaTypes[1]", '"IMAGE/PNG"'],
    ["compression size over 10 MiB", () => ({ minimumCompressionSize: 10485761 }), "minimumCompressionSize", "10485761"],
    ["compression size below -1", () => ({ minimumCompressionSize: -2 }), "minimumCompressionSize", "-2"],
]);
