// Bad input fails at construction (so at `pulumi preview`) with a message that
// names the field and the value, and registers nothing: the table-driven check
// each concern's test file runs over its own inputs through SecureRestApi.
// Import it after installMocks(), like the components.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { MockWorld } from "./pulumiMocks";
import { InputError } from "../provider/src/shared/inputErrors";
import { SecureRestApi } from "../provider/src/components/secureRestApi";
import { forgetClaimedStackNames } from "../provider/src/components/sharedInputs";
import type { SecureRestApiArgs } from "../provider/src/shared/schema-types";

export const KEY = "0123456789abcdefghijKLMNOP";

export interface CaseHelpers {
    /** One valid route, GET /a on the suite's function. */
    ok(): { path: string; methods: string[]; handler: aws.lambda.Function };
    /** `n` routes on paths of their own, all on the suite's function. */
    paths(n: number, methods?: string[]): { path: string; methods: string[]; handler: aws.lambda.Function }[];
}

/** [case, args (over a valid base), field named in the message, value shown in the message] */
export type InputCase = [string, (h: CaseHelpers) => Record<string, unknown>, string, string];

/** Registers one test per case: construction throws the component's InputError naming field and value, and nothing is registered. */
export function rejectsEach(world: MockWorld, cases: InputCase[]): void {
    let fn: aws.lambda.Function;
    beforeAll(async () => {
        fn = await world.lambda("input-cases-fn");
    });
    beforeEach(() => forgetClaimedStackNames());
    const helpers: CaseHelpers = {
        ok: () => ({ path: "/a", methods: ["GET"], handler: fn }),
        paths: (n, methods = ["GET"]) => Array.from({ length: n }, (_, i) => ({ path: `/p${i}`, methods, handler: fn })),
    };
    test.each(cases)("rejected at construction: %s", async (_case, bad, field, shown) => {
        const before = world.resources.length;
        const args = { stackName: "v", routes: [helpers.ok()], test: true, ...bad(helpers) } as SecureRestApiArgs;
        let error: unknown;
        try {
            new SecureRestApi("bad", args);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        expect(error).toBeInstanceOf(pulumi.RunError); // reported by message, without a stack trace
        expect((error as Error).message).toContain(`SecureRestApi "bad": ${field} ${shown} is invalid: `);
        await world.settle();
        expect(world.resources.length).toBe(before);
    });
}
