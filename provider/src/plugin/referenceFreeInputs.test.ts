// The construct's answer for inputs that hold resource references
// (referenceFreeInputs.ts): the same shape, each reference replaced by its URN,
// so the program's SDK, which takes this answer over its own copy of the
// inputs, has no reference to rebuild; other inputs are not answered for.
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
import { referenceFreeInputs } from "./referenceFreeInputs";

const urnOf = (r: pulumi.Resource) => new Promise<string>(resolve => r.urn.apply(resolve));

test("routes and the authorizer come back with URNs in place of their functions; plain and secret inputs are not answered for", async () => {
    const fn = await world.lambda("fn");
    const auth = await world.lambda("auth");
    const inputs = {
        stackName: "orders",
        apiKeyValue: pulumi.secret("0123456789abcdefghij0123"),
        routes: [
            { path: "/a", methods: ["GET"], handler: fn },
            { path: "/b", methods: ["GET", "POST"], handler: fn, authorizer: { type: "TOKEN", function: auth } },
            {
                path: "/c",
                methods: ["GET"],
                integration: { type: "HTTP_PROXY", uri: "https://example.com", credentials: pulumi.secret("arn:aws:iam::1:role/r") },
            },
        ],
        authorizer: { type: "REQUEST", function: auth, identitySources: ["method.request.header.Authorization"] },
    };
    const answer = referenceFreeInputs(inputs);
    expect(Object.keys(answer).sort()).toEqual(["authorizer", "routes"]);

    const wire = (await pulumi.runtime.serializeProperties("test", answer)) as Record<string, any>;
    // No resource reference is left for the SDK to rebuild.
    expect(JSON.stringify(wire)).not.toContain(pulumi.runtime.specialResourceSig);
    const [fnUrn, authUrn] = [await urnOf(fn), await urnOf(auth)];
    expect(wire.routes[0]).toEqual({ path: "/a", methods: ["GET"], handler: fnUrn });
    expect(wire.routes[1].authorizer).toEqual({ type: "TOKEN", function: authUrn });
    expect(wire.authorizer.function).toBe(authUrn);
    // A secret inside an answered input stays a secret on the wire.
    expect(wire.routes[2].integration.credentials[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
});

test("inputs without a reference: nothing to answer for", () => {
    expect(referenceFreeInputs({ stackName: "x", routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }] })).toEqual({});
});
