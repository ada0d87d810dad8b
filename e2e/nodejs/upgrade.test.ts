// Upgrading a stack deployed with the per-resource design (a Resource, Method
// and Integration per route; the plugin as of PREVIOUS_DESIGN) to the OpenAPI
// body: `up` with the previous plugin, then `up` with this one. The RestApi is
// updated in place (same id, same URL); the old per-route children are deleted
// only after the new body and deployment are in place; no method is ever
// updated to lose its key.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { changed, lambda, newStack, requireEnv, ROOT, secureApi, TestStack } from "./harness";
import type * as automation from "@pulumi/pulumi/automation";

/** The last commit of the per-resource design (before the OpenAPI renderer). */
const PREVIOUS_DESIGN = "9fc8bc226c128b3747e08fcbe33b92721364acc1";
const PER_ROUTE = /aws:apigateway\/(resource:Resource|method:Method|integration:Integration)::/;

/** Builds the plugin of an earlier commit beside the work dir (its sources from git, this checkout's node_modules). */
function buildPreviousPlugin(): string {
    const dir = path.join(requireEnv("E2E_WORK"), "previous-plugin");
    fs.mkdirSync(dir, { recursive: true });
    const archive = execFileSync("git", ["-C", ROOT, "archive", PREVIOUS_DESIGN, "provider", "tsconfig.base.json"], {
        maxBuffer: 64 << 20,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    execFileSync(
        process.execPath,
        [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(dir, "provider", "tsconfig.build.json")],
        { stdio: "inherit" },
    );
    return path.join(dir, "provider", "bin");
}

function program() {
    return async () => {
        const handler = lambda("handler");
        const api = new secureApi.SecureRestApi("api", {
            routes: [
                secureApi.lambdaRoute(handler, "/a", secureApi.Http.GET),
                secureApi.lambdaRoute(handler, "/b/{id}", secureApi.Http.GET, secureApi.Http.POST),
            ],
            cors: { allowOrigins: ["https://app.example.com"] },
        });
        return { APIKey: api.apiKey, APIEndpoint: api.apiEndpoint };
    };
}

/** Steps in the order the engine reported them (resource pre-events), with their op. */
function stepOrder(): { order: [string, string][]; onEvent: (e: automation.EngineEvent) => void } {
    const order: [string, string][] = [];
    return {
        order,
        onEvent: e => {
            const m = e.resOutputsEvent?.metadata;
            if (m) order.push([m.urn, m.op]);
        },
    };
}

describe("upgrading a stack from the per-resource design", () => {
    let s: TestStack;
    let previousBin: string;
    beforeAll(() => {
        previousBin = buildPreviousPlugin();
    });
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("the RestApi is updated in place, its URL kept; the old children go after the new body and deployment", async () => {
        s = await newStack("upgrade", program());
        const ws = s.stack.workspace as automation.LocalWorkspace;
        const currentPath = process.env.PATH!;
        ws.envVars.PATH = `${previousBin}:${currentPath}`;
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        const before = (await s.stack.exportStack()).deployment.resources as {
            urn: string;
            type: string;
            id?: string;
            inputs?: Record<string, any>;
        }[];
        const oldChildren = before.filter(r => PER_ROUTE.test(`${r.type}::`));
        // 3 paths' resources... at least the methods and integrations of GET /a, GET and POST /b/{id} and their preflights.
        expect(oldChildren.filter(r => r.type === "aws:apigateway/method:Method").length).toBe(3 + 2);
        const oldApi = before.find(r => r.type === "aws:apigateway/restApi:RestApi")!;
        const endpoint = (await s.stack.outputs()).APIEndpoint.value;

        ws.envVars.PATH = currentPath;
        const rec = stepOrder();
        const up = await s.stack.up({ onEvent: rec.onEvent });
        expect(up.summary.result).toBe("succeeded");
        const ops = new Map(changed(new Map(rec.order)));
        const urnOf = (type: string) => [...ops.keys()].find(u => u.includes(`${type}::`));
        expect(ops.get(urnOf("aws:apigateway/restApi:RestApi")!)).toBe("update");
        expect(ops.get(urnOf("aws:apigateway/deployment:Deployment")!)).toMatch(/replace|create-replacement/);
        // Every old per-route child is deleted, none updated (a method never loses its key in place).
        const perRoute = [...ops].filter(([urn]) => PER_ROUTE.test(urn));
        expect(perRoute.length).toBe(oldChildren.length);
        for (const [, op] of perRoute) expect(op).toBe("delete");
        // The deletes come after the RestApi's update and the new deployment.
        const index = (pred: (urn: string, op: string) => boolean) => rec.order.findIndex(([u, o]) => pred(u, o));
        const firstDelete = index((u, o) => PER_ROUTE.test(u) && o === "delete");
        expect(index(u => u.includes("aws:apigateway/restApi:RestApi::"))).toBeLessThan(firstDelete);
        expect(
            index((u, o) => u.includes("aws:apigateway/deployment:Deployment::") && /create-replacement|replace|create/.test(o)),
        ).toBeLessThan(firstDelete);

        const after = (await s.stack.exportStack()).deployment.resources as typeof before;
        const newApi = after.find(r => r.type === "aws:apigateway/restApi:RestApi")!;
        expect(newApi.id).toBe(oldApi.id);
        expect((await s.stack.outputs()).APIEndpoint.value).toBe(endpoint);
        expect(after.filter(r => PER_ROUTE.test(`${r.type}::`))).toEqual([]);
        const doc = JSON.parse(newApi.inputs!.body);
        for (const [p, opsOfPath] of Object.entries<Record<string, any>>(doc.paths)) {
            for (const [m, op] of Object.entries(opsOfPath))
                expect([m, p, op.security]).toEqual([m, p, m === "options" ? [] : [{ api_key: [] }]]);
        }
    });
});
