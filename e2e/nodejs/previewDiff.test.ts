// What `pulumi preview --diff` shows for a one-route change under the real
// engine: the RestApi's body changes in place by the lines of that route (the
// document is rendered with sorted keys and indentation), the deployment is
// replaced and the stage follows it; nothing else. README's example is this output.
import * as fs from "fs";
import * as path from "path";
import { lambda, newStack, requireEnv, secureApi, TestStack } from "./harness";

function program(paths: string[]) {
    return async () => {
        const handler = lambda("handler");
        const api = new secureApi.SecureRestApi("api", { routes: paths.map(p => secureApi.lambdaRoute(handler, p, secureApi.Http.GET)) });
        return { APIEndpoint: api.apiEndpoint };
    };
}

describe("preview --diff of a one-route change", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("shows the route's lines in the RestApi's body, the deployment replaced, the stage updated", async () => {
        s = await newStack("diff", program(["/orders", "/users"]));
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        s.stack.workspace.program = program(["/orders", "/reports", "/users"]);
        const preview = await s.stack.preview({ diff: true, color: "never" });
        const out = preview.stdout;
        // Kept with the work dir (E2E_KEEP=1) for a look at the whole output.
        fs.writeFileSync(path.join(requireEnv("E2E_WORK"), "preview-diff.txt"), out);
        expect(out).toMatch(/~ aws:apigateway\/restApi:RestApi/);
        expect(out).toMatch(/\+-\s*aws:apigateway\/deployment:Deployment|\+-aws:apigateway\/deployment:Deployment/);
        expect(out).toContain("/reports");
        // The body's change is the new route's lines, not the whole document.
        const bodyLines = out.split("\n").filter(l => /^\s*[+-] /.test(l) && !/aws:|pulumi:|secure-api:/.test(l));
        expect(bodyLines.length).toBeLessThan(60);
        expect(preview.changeSummary.create ?? 0).toBe(0);
        expect(preview.changeSummary.update).toBeGreaterThanOrEqual(2);
    });
});
