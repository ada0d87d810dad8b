// Reads the OpenAPI document a component set as its RestApi's body (as the
// mocks recorded it): the operations by "METHOD path" ("ANY" for API Gateway's
// any-method extension), so tests assert on what API Gateway will import.
export type Operation = Record<string, any>;

export function documentOf(restApiInputs: { body?: unknown }): Record<string, any> {
    if (typeof restApiInputs.body !== "string") throw new Error(`the RestApi has no OpenAPI body (got ${typeof restApiInputs.body})`);
    return JSON.parse(restApiInputs.body);
}

export function operationsOf(restApiInputs: { body?: unknown }): Map<string, Operation> {
    const out = new Map<string, Operation>();
    for (const [path, ops] of Object.entries<Record<string, Operation>>(documentOf(restApiInputs).paths ?? {})) {
        for (const [key, op] of Object.entries(ops))
            out.set(`${key === "x-amazon-apigateway-any-method" ? "ANY" : key.toUpperCase()} ${path}`, op);
    }
    return out;
}

/** An operation's integration extension. */
export const integrationOf = (op: Operation): Record<string, any> => op["x-amazon-apigateway-integration"];
