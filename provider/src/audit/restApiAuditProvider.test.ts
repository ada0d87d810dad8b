// RestApiAudit as the plugin serves it (plugin/provider.ts dispatching to
// audit/restApiAuditProvider.ts), its reads going to the recorded-response API
// Gateway (test-support/recorded-api-gateway.js) through the client's audit:
// check names bad inputs; diff compares inputs only; create and read audit (read
// from the state alone, inputs unchanged), drift and refused reads are outputs
// and never an error; nothing but GETs reaches API Gateway, delete included.
import * as fs from "fs";
import * as path from "path";
import { Provider } from "../plugin/provider";
import { expectationOf } from "./restApiAuditProvider";

const { start, casesToServe } = require("../../../test-support/recorded-api-gateway.js");
const CASES = path.join(__dirname, "..", "..", "..", "test-support", "audit-cases", "compare");
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(CASES, `${name}.json`), "utf8"));
const URN = "urn:pulumi:dev::shop::secure-api:index:SecureRestApi$secure-api:index:RestApiAudit::shop";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** The resource inputs that say what a shared case's expectation says. */
function inputsOf(x: any) {
    const s = x.stage;
    return {
        restApiId: x.restApiId,
        stageName: x.stageName,
        openApiDocument: JSON.stringify(x.document),
        region: x.region,
        deploymentId: x.deploymentId,
        usagePlanIds: x.usagePlanIds,
        apiKeys: x.apiKeys.map((k: any) => ({ id: k.id, enabled: k.enabled })),
        stage: {
            tracingEnabled: s.tracingEnabled,
            webAclArn: s.webAclArn,
            clientCertificateId: s.clientCertificateId,
            accessLogDestinationArn: s.accessLogSettings.destinationArn,
            accessLogFormat: s.accessLogSettings.format,
            methodSettings: s.methodSettings,
        },
        domain: {
            domainName: x.domain.domainName,
            basePath: x.domain.basePath,
            truststoreUri: x.domain.mutualTlsAuthentication.truststoreUri,
            truststoreVersion: x.domain.mutualTlsAuthentication.truststoreVersion,
        },
    };
}

const provider = new Provider();
const saved = { ...process.env };
let server: any;
async function serve(name: string) {
    await server?.close();
    server = await start(casesToServe([path.join(CASES, `${name}.json`)]));
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = server.url;
}
beforeAll(() => {
    Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: "AKIARECORDED00000001",
        AWS_SECRET_ACCESS_KEY: "recorded/0000000000000000000000000000001",
    });
});
afterAll(async () => {
    await server?.close();
    process.env = saved;
});

describe("check", () => {
    const good = inputsOf(read("clean-secure").expectation);

    test("good inputs pass; an API key's enabled defaults to true", async () => {
        const r = await provider.check(URN, {}, { ...good, apiKeys: [{ id: "key1" }] });
        expect(r.failures).toEqual([]);
        expect(r.inputs.apiKeys).toEqual([{ id: "key1", enabled: true }]);
    });

    test("each bad input is named with its value; unknown values (a preview) are not checked", async () => {
        const r = await provider.check(
            URN,
            {},
            {
                ...good,
                restApiId: "not an id",
                stageName: "prod/v1",
                openApiDocument: "[1]",
                region: "Europe",
                apiKeys: [{ enabled: true }],
                domain: {},
            },
        );
        expect(r.failures).toEqual([
            { property: "restApiId", reason: 'restApiId "not an id" is not a REST API id (letters and digits, e.g. a1b2c3d4e5)' },
            { property: "stageName", reason: 'stageName "prod/v1" is not a stage name (1 to 128 letters, digits, "-" or "_")' },
            {
                property: "openApiDocument",
                reason: "openApiDocument is not an OpenAPI document in JSON (an object with paths), such as a component's openApiDocument output",
            },
            { property: "region", reason: 'region "Europe" is not an AWS region (e.g. eu-west-1)' },
            { property: "apiKeys[0].id", reason: "apiKeys[0].id undefined must be an API key id" },
            { property: "domain.domainName", reason: "domain.domainName undefined must be the custom domain's name" },
        ]);
        const preview = await provider.check(URN, {}, { ...good, restApiId: UNKNOWN, openApiDocument: UNKNOWN });
        expect(preview.failures).toEqual([]);
    });
});

describe("diff", () => {
    const inputs = inputsOf(read("clean-secure").expectation);
    const clean = { ...inputs, drifted: false, findings: [], liveOperations: {}, liveDeploymentId: "d", unread: [] };
    const drifted = { ...clean, drifted: true, findings: ["operation-open: GET /hello is open: ..."] };

    test("inputs as before and no drift: no change; a new document updates; another stage replaces", async () => {
        expect(await provider.diff("a1b2c3d4e5/prod", URN, clean, inputs)).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(await provider.diff("a1b2c3d4e5/prod", URN, clean, { ...inputs, openApiDocument: '{"paths":{}}' })).toEqual({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect((await provider.diff("a1b2c3d4e5/prod", URN, clean, { ...inputs, stageName: "v2" })).replaces).toEqual(["stageName"]);
    });

    test("drift recorded (a refresh's read, or the state after one): a change, so refresh shows it and preview plans a re-audit", async () => {
        expect(await provider.diff("a1b2c3d4e5/prod", URN, drifted, inputs)).toEqual({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        // Refused reads are not drift.
        expect((await provider.diff("a1b2c3d4e5/prod", URN, { ...clean, unread: ["stage: needs ..."] }, inputs)).changes).toBe(false);
    });
});

describe("create, read, update, delete", () => {
    const x = read("clean-secure").expectation;
    const inputs = inputsOf(x);

    test("the resource's inputs say what the case's expectation says", () => {
        // Less what the resource does not take: the keys' names (reports take them from AWS) and the endpoint types.
        const { name: _n, endpointTypes: _t, ...rest } = x;
        const { name, ...fromInputs } = expectationOf("shop", inputs);
        expect(name).toBe('RestApiAudit "shop"');
        expect(fromInputs).toEqual({ ...rest, apiKeys: rest.apiKeys.map(({ name: _k, ...k }: any) => k) });
    });

    test("create audits: no drift, each served method's security; read after drift: the findings name each drifted method, inputs unchanged", async () => {
        await serve("clean-secure");
        const created = await provider.create(URN, inputs);
        expect(created.id).toBe("a1b2c3d4e5/prod");
        expect(created.outs).toEqual({
            ...inputs,
            drifted: false,
            findings: [],
            liveOperations: {
                "GET /hello": "api-key",
                "OPTIONS /hello": "none",
                "POST /hello": "api-key",
                "DELETE /orders/{id}": "api-key + token:token-auth",
                "GET /orders/{id}": "api-key + cognito:cognito [orders/read]",
                "OPTIONS /orders/{id}": "none",
            },
            liveDeploymentId: "dep111",
            unread: [],
        });

        await serve("several-drifts");
        const refreshed = await provider.read(created.id, URN, created.outs);
        expect(refreshed.id).toBe(created.id);
        expect(refreshed.inputs).toEqual(inputs);
        const drifted = read("several-drifts").audit;
        expect(refreshed.props).toEqual({
            ...inputs,
            drifted: true,
            findings: drifted.findings.map((f: any) => `${f.kind}: ${f.message}`),
            liveOperations: drifted.operations,
            liveDeploymentId: "dep000",
            unread: [],
        });
        expect(refreshed.props.findings).toContain(
            "operation-open: GET /hello is open: it requires nothing, the document requires api-key",
        );
        expect(refreshed.props.liveOperations["GET /hello"]).toBe("none");
        expect(server.requests.every((r: { method: string }) => r.method === "GET")).toBe(true);
    });

    test("update audits with the new inputs", async () => {
        await serve("clean-secure");
        const updated = await provider.update("a1b2c3d4e5/prod", URN, inputs, { ...inputs, deploymentId: "dep000" });
        expect(updated.outs.findings).toEqual([
            "stage-deployment: stage prod serves deployment dep111, not dep000 (the one deployed from the document)",
        ]);
    });

    test("a refused read, or no connection at all: recorded in unread, never an error", async () => {
        await serve("unread-export");
        const refused = await provider.read("a1b2c3d4e5/prod", URN, inputs);
        expect(refused.props.unread).toEqual([
            expect.stringMatching(
                /^stage export: needs apigateway:GET on arn:aws:apigateway:us-east-1::\/restapis\/a1b2c3d4e5\/stages\/prod\/exports\/oas30 \(AccessDeniedException: User: /,
            ),
        ]);
        expect(refused.props.drifted).toBe(false);
        process.env.AWS_ENDPOINT_URL_API_GATEWAY = "http://127.0.0.1:9";
        const unreachable = await provider.read("a1b2c3d4e5/prod", URN, inputs);
        expect(unreachable.props.unread).toEqual([
            expect.stringMatching(/^REST API: needs apigateway:GET on .*cannot connect to API Gateway/),
        ]);
    });

    test("a secret input stays secret in the outputs, and is audited", async () => {
        await serve("clean-secure");
        const secretDoc = { [SECRET_SIG]: SECRET, value: inputs.openApiDocument };
        const created = await provider.create(URN, { ...inputs, openApiDocument: secretDoc });
        expect(created.outs.openApiDocument).toEqual(secretDoc);
        expect(created.outs.drifted).toBe(false);
        expect(Object.keys(created.outs.liveOperations)).toHaveLength(6);
    });

    test("delete calls nothing; another type's URN is refused by name", async () => {
        await serve("clean-secure");
        await provider.delete("a1b2c3d4e5/prod", URN, inputs);
        expect(server.requests).toEqual([]);
        await expect(provider.create(URN.replace("RestApiAudit", "Nope"), inputs)).rejects.toThrow(
            "unknown resource type secure-api:index:Nope: the secure-api provider serves secure-api:index:RestApiAudit",
        );
    });
});
