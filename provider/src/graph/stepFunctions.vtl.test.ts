// The state machine route's mapping templates rendered by a real Velocity
// engine (LocalStack's, driven directly with API Gateway's $input, $util and
// $context: test-support/vtl), on requests of each shape, each rendered twice:
// with $util.escapeJavaScript as API Gateway's (JavaScript string rules: ' as
// \', / as \/, non-ASCII as \uXXXX) and as LocalStack's. What is checked is the
// execution's input StartSyncExecution would receive, parsed as JSON, and the
// client's answer for each kind of execution result. LocalStack's HTTP path
// leaves headers, the request context and the authorizer's context empty;
// here they are given.
// One limit of this engine: a reference whose value is null renders empty,
// where Apache Velocity prints it as written; the templates use quiet
// references ($!) wherever a value may be absent, so both render it empty.
import { renderVtl, outputOf, VtlCase } from "../../../test-support/vtl";
import { ERROR_TEMPLATE, requestTemplate, StateMachineSettings, SUCCESS_TEMPLATE } from "./stepFunctions";

jest.setTimeout(120_000);

const ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:checkout";
const DEFAULTS: StateMachineSettings = { headers: false, querystring: true, path: true, authorizer: false, requestContext: [] };
const EVERYTHING: StateMachineSettings = {
    headers: true,
    querystring: true,
    path: true,
    authorizer: true,
    requestContext: ["accountId", "apiKey", "caller", "httpMethod", "requestId", "resourcePath", "sourceIp", "stage", "user", "userAgent"],
};
const UTILS = ["aws", "localstack"] as const;

/** API Gateway's $context for a request of an API-key caller behind a Lambda authorizer. */
const CONTEXT = {
    apiId: "a1b2c3",
    httpMethod: "POST",
    stage: "prod",
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    resourceId: "r1",
    resourcePath: "/orders/{id}",
    identity: {
        accountId: "123456789012",
        apiKey: "0123456789abcdefghijKLMNOP",
        caller: "AIDAEXAMPLE",
        sourceIp: "203.0.113.7",
        // A quote, a backslash and a slash in the user agent: still one valid input.
        userAgent: 'curl/8.5 "quoted" \\ path/x',
        // user is absent: this caller is no IAM user (null in API Gateway).
    },
    authorizer: { principalId: "user-1", tenant: 'o\'brien & "co"', scopes: "read write" },
};

/** A request of every shape the issue names, with its expected execution input (all options on). */
const REQUESTS: { name: string; request: Omit<VtlCase, "template">; body: unknown }[] = [
    {
        name: "a JSON object body",
        request: { body: '{"item": "book", "quantity": 2, "note": "line1\\nline2 é"}' },
        body: { item: "book", quantity: 2, note: "line1\nline2 é" },
    },
    { name: "an empty body", request: { body: "" }, body: {} },
    { name: "a JSON array body", request: { body: '[1, "two", {"three": 3}]' }, body: [1, "two", { three: 3 }] },
    { name: "a JSON string body", request: { body: '"just text"' }, body: "just text" },
];
const PARAMS = {
    path: { id: "42/x", "name with space": "ünï" },
    querystring: { q: 'say "hi"', lang: "日本語 ✓ 😀", "k'ey": "it's" },
    header: { "X-Quote": 'a"b\\c', "User-Agent": "curl/8 'x'", Accept: "application/json" },
};

function input(rendered: string): { stateMachineArn: string; input: Record<string, unknown> } {
    const outer = JSON.parse(rendered);
    return { stateMachineArn: outer.stateMachineArn, input: JSON.parse(outer.input) };
}

test("every request shape, with every option: the execution's input is the request's body, path, query string, headers, authorizer context and request context, escaped", () => {
    const cases = UTILS.flatMap(util =>
        REQUESTS.map(r => ({ template: requestTemplate(ARN, EVERYTHING), util, ...PARAMS, ...r.request, context: CONTEXT })),
    );
    const results = renderVtl(cases);
    results.forEach((result, i) => {
        const r = REQUESTS[i % REQUESTS.length];
        const { stateMachineArn, input: got } = input(outputOf(result));
        expect([cases[i].util, r.name, stateMachineArn]).toEqual([cases[i].util, r.name, ARN]);
        expect([cases[i].util, r.name, got]).toEqual([
            cases[i].util,
            r.name,
            {
                body: r.body,
                querystring: PARAMS.querystring,
                path: PARAMS.path,
                header: PARAMS.header,
                authorizer: CONTEXT.authorizer,
                requestContext: {
                    accountId: "123456789012",
                    apiKey: "0123456789abcdefghijKLMNOP",
                    caller: "AIDAEXAMPLE",
                    httpMethod: "POST",
                    requestId: CONTEXT.requestId,
                    resourcePath: "/orders/{id}",
                    sourceIp: "203.0.113.7",
                    stage: "prod",
                    // Absent for this caller: empty, never the reference printed as written (LocalStack's
                    // escapeJavaScript turns an empty string into "{}"; API Gateway's keeps it empty).
                    user: cases[i].util === "aws" ? "" : "{}",
                    userAgent: CONTEXT.identity.userAgent,
                },
            },
        ]);
    });
});

test("CDK's defaults: body, path and query string only; no headers, authorizer or request context even when the request has them", () => {
    const [aws, localstack] = renderVtl(
        UTILS.map(util => ({ template: requestTemplate(ARN, DEFAULTS), util, ...PARAMS, body: '{"a": 1}', context: CONTEXT })),
    );
    for (const result of [aws, localstack])
        expect(input(outputOf(result)).input).toEqual({ body: { a: 1 }, querystring: PARAMS.querystring, path: PARAMS.path });
    // With no parameters at all: empty maps, still valid JSON.
    const [none] = renderVtl([{ template: requestTemplate(ARN, DEFAULTS), body: "", context: CONTEXT }]);
    expect(input(outputOf(none)).input).toEqual({ body: {}, querystring: {}, path: {} });
});

test("a body that is not JSON makes an input Step Functions refuses (InvalidExecutionInput: the client gets 400), never a different valid one", () => {
    for (const body of ["not json", '{"a": ', "a=1&b=2"]) {
        const [result] = renderVtl([{ template: requestTemplate(ARN, DEFAULTS), body, context: CONTEXT }]);
        const outer = JSON.parse(outputOf(result));
        expect(outer.stateMachineArn).toBe(ARN);
        expect(() => JSON.parse(outer.input)).toThrow();
    }
});

test("the answer: the output of a SUCCEEDED execution; 500 with the error and cause for FAILED, TIMED_OUT and ABORTED; Step Functions' own errors", () => {
    const execution = (x: object) => JSON.stringify({ executionArn: `${ARN}:e1`, ...x });
    const cases: (VtlCase & { expected: { status: number | null; body: unknown } })[] = UTILS.flatMap(util => [
        {
            util,
            body: execution({ status: "SUCCEEDED", output: '{"total": 3, "items": ["a"]}' }),
            expected: { status: null, body: { total: 3, items: ["a"] } },
        },
        {
            util,
            body: execution({ status: "FAILED", error: "Payment.Declined", cause: 'card "4242" declined\nby the bank\'s rules' }),
            expected: { status: 500, body: { error: "Payment.Declined", cause: 'card "4242" declined\nby the bank\'s rules' } },
        },
        // CDK answers these 200 with no body; here they are failures. (An absent error or cause is empty with
        // API Gateway's escapeJavaScript; LocalStack's turns an absent value into "{}", checked for the status only.)
        {
            util,
            body: execution({ status: "TIMED_OUT" }),
            expected: { status: 500, body: util === "aws" ? { error: "", cause: "" } : undefined },
        },
        {
            util,
            body: execution({ status: "ABORTED", error: "States.Aborted" }),
            expected: { status: 500, body: util === "aws" ? { error: "States.Aborted", cause: "" } : undefined },
        },
    ]).map(c => ({ ...c, kind: "response" as const, template: SUCCESS_TEMPLATE, context: CONTEXT }));
    const errors = UTILS.map(util => ({
        util,
        kind: "response" as const,
        template: ERROR_TEMPLATE,
        context: CONTEXT,
        body: JSON.stringify({
            __type: "com.amazonaws.swf.service.v2.model#InvalidExecutionInput",
            message: "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting JSON'",
        }),
    }));
    const results = renderVtl([...cases, ...errors]);
    cases.forEach((c, i) => {
        const result = results[i];
        expect([c.util, c.body, "status" in result ? result.status : result]).toEqual([c.util, c.body, c.expected.status]);
        const body = JSON.parse(outputOf(result));
        if (c.expected.body !== undefined) expect([c.util, c.body, body]).toEqual([c.util, c.body, c.expected.body]);
    });
    for (const result of results.slice(cases.length))
        expect(JSON.parse(outputOf(result))).toEqual({
            error: "com.amazonaws.swf.service.v2.model#InvalidExecutionInput",
            cause: "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting JSON'",
        });
});
