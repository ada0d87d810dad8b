// Your own OpenAPI definition and a state machine behind an operation, under
// the real engine: a SecureRestApi built from the examples' OpenAPI 3.0 file
// (a Lambda function and an EXPRESS state machine bound by operationId, a
// public health check) and one from a Swagger 2.0 file the plugin converts.
// Up; the deployed document's operations each need the key but the public
// one; the integration role's policy in the state; a no-change preview;
// destroy leaves nothing.
import * as fs from "fs";
import * as path from "path";
import { aws, changed, exportWithSecrets, lambda, newStack, ROOT, secureApi, stepRecorder, TestStack } from "./harness";

const OPENAPI = fs.readFileSync(path.join(ROOT, "examples", "yaml-openapi", "openapi.yaml"), "utf8");
const SWAGGER = fs.readFileSync(path.join(ROOT, "provider", "src", "routes", "__fixtures__", "pets-swagger2.yaml"), "utf8");

function program() {
    return async () => {
        const getOrder = lambda("get-order");
        const checkout = new aws.sfn.StateMachine("checkout", {
            type: "EXPRESS",
            roleArn: "arn:aws:iam::123456789012:role/workflow",
            definition: JSON.stringify({ StartAt: "Accept", States: { Accept: { Type: "Pass", End: true } } }),
        });
        const shop = new secureApi.SecureRestApi("shop", {
            stackName: "e2e-shop",
            openApiDefinition: OPENAPI,
            operations: {
                getOrder: { handler: getOrder },
                checkout: { stateMachine: checkout, stateMachineOptions: { requestContext: { requestId: true } } },
            },
            publicOperations: ["GET /health"],
        });
        const pets = new secureApi.SecureRestApi("pets", {
            stackName: "e2e-pets",
            openApiDefinition: SWAGGER,
            operations: { getPet: { handler: getOrder }, createPet: { stateMachine: checkout } },
            publicOperations: ["GET /health"],
        });
        return { shopDocument: shop.openApiDocument, petsDocument: pets.openApiDocument, machineArn: checkout.arn };
    };
}

/** Each operation's security, by "METHOD /path". */
function securityOf(document: string): Record<string, unknown> {
    const doc = JSON.parse(document);
    return Object.fromEntries(
        Object.entries<Record<string, { security: unknown }>>(doc.paths).flatMap(([p, ops]) =>
            Object.entries(ops).map(([m, op]) => [`${m === "x-amazon-apigateway-any-method" ? "ANY" : m.toUpperCase()} ${p}`, op.security]),
        ),
    );
}

describe("a definition and a state machine under the real engine", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("up, every operation secured but the public ones, the integration role's policy, a no-change preview, destroy", async () => {
        s = await newStack("openapi-def", program());
        const up = await s.stack.up();
        expect(up.summary.result).toBe("succeeded");
        const key = [{ api_key: [] }];
        expect(securityOf(up.outputs.shopDocument.value)).toEqual({
            "GET /orders/{id}": key,
            "POST /checkout": key,
            "GET /health": [],
        });
        // The Swagger 2.0 file, converted by the plugin: its operations secured the same way.
        expect(securityOf(up.outputs.petsDocument.value)).toEqual({
            "GET /pets": key,
            "POST /pets": key,
            "GET /pets/{petId}": key,
            "GET /health": [],
            "ANY /{proxy+}": key,
        });
        expect(JSON.parse(up.outputs.petsDocument.value).openapi).toMatch(/^3\.0\./);

        const resources = exportWithSecrets(s);
        // The RestApi's body in the state is the document the output shows.
        const shopApi = resources.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.urn.endsWith("::shop"))!;
        expect(JSON.parse(String(shopApi.inputs?.body))).toEqual(JSON.parse(up.outputs.shopDocument.value));
        const checkout = JSON.parse(String(shopApi.inputs?.body)).paths["/checkout"].post["x-amazon-apigateway-integration"];
        expect(checkout).toMatchObject({ type: "aws", uri: "arn:aws:apigateway:us-east-1:states:action/StartSyncExecution" });
        // One integration role per component and state machine, allowed StartSyncExecution on that machine only.
        const roles = resources.filter(r => r.type === "aws:iam/role:Role" && /::(shop|pets)-states-/.test(r.urn));
        expect(roles.map(r => r.inputs?.name).sort()).toEqual(["e2e-pets-states-checkout", "e2e-shop-states-checkout"]);
        expect(checkout.credentials).toBe(roles.find(r => r.inputs?.name === "e2e-shop-states-checkout")!.outputs?.arn);
        const policies = resources.filter(r => r.type === "aws:iam/rolePolicy:RolePolicy");
        expect(policies.length).toBe(2);
        for (const p of policies)
            expect(JSON.parse(String(p.inputs?.policy)).Statement).toEqual([
                { Effect: "Allow", Action: "states:StartSyncExecution", Resource: up.outputs.machineArn.value },
            ]);

        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps)).toEqual([]);

        await s.stack.destroy();
        expect(exportWithSecrets(s).filter(r => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });
});
