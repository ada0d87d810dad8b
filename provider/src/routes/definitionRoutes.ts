// The operations of the user's OpenAPI definition as routes of the one route
// model (routeModel.ts): each operation is a route of one method on its path,
// carrying the operation as written (RouteOpenApi), so every feature that
// works on routes (permissions, authorizers, throttles, CORS preflights, grants,
// the resource quota, the document's size and the deployment's trigger) works
// on them without a case of its own. Its target is its own
// x-amazon-apigateway-integration, or what `operations` binds to its
// operationId (handler, integration or stateMachine, with route options).
// `publicOperations` lists, as "METHOD /path", the operations served without
// any authentication. Pure: no Pulumi, no AWS.
import { InputChecker, showValue } from "../shared/inputErrors";
import type { OperationBindingInputs, RouteInputs } from "../shared/schema-types";
import { HttpValues } from "../shared/schema-types";
import type { Definition, DefinitionOperation } from "./openApiDefinition";
import type { RouteOpenApi } from "./routeModel";
import { normalizePath } from "./routeModel";

/** A route of the component, from `routes` or from the definition (then with openApi set). */
export type RouteLike = RouteInputs & { readonly openApi?: RouteOpenApi };

/** A definition's operation as a route, with the security its file asks for (edge/definitionSecurity.ts checks it). */
export interface DefinitionRoute extends RouteLike {
    readonly openApi: RouteOpenApi;
    readonly definition: DefinitionOperation;
}

const PUBLIC = /^([A-Z]+) (\/\S*)$/;

/**
 * The definition's operations as routes, bound by `operations` and marked by
 * `publicOperations`; problems reported to `check` naming the field.
 */
export function definitionRoutes(
    definition: Definition | undefined,
    operations: unknown,
    publicOperations: unknown,
    check: InputChecker,
    /** Whether openApiDefinition was given (it may be unreadable: reported already). */
    given = definition !== undefined,
): DefinitionRoute[] {
    if (!definition) {
        if (given) return [];
        if (operations !== undefined && operations !== null)
            check.fail("operations", Object.keys(operations as object), "only applies with openApiDefinition");
        if (publicOperations !== undefined && publicOperations !== null)
            check.fail("publicOperations", publicOperations, "only applies with openApiDefinition");
        return [];
    }
    const byId = new Map(definition.operations.filter(o => o.operationId !== undefined).map(o => [o.operationId!, o]));
    const bindings = new Map<DefinitionOperation, { field: string; binding: OperationBindingInputs }>();
    if (operations !== undefined && operations !== null) {
        if (typeof operations !== "object" || Array.isArray(operations)) {
            check.fail("operations", operations, "must be a map from operationId to { handler | integration | stateMachine, ... }");
        } else {
            for (const [id, binding] of Object.entries(operations as Record<string, unknown>)) {
                const field = `operations.${id}`;
                const op = byId.get(id);
                if (!op) {
                    const known = [...byId.keys()];
                    check.fail(
                        "operations",
                        id,
                        `no operation of openApiDefinition has the operationId ${showValue(id)} (${known.length ? `its operationIds: ${known.join(", ")}` : "it has none"})`,
                    );
                    continue;
                }
                if (typeof binding !== "object" || binding === null || Array.isArray(binding)) {
                    check.fail(field, binding, "must be { handler | integration | stateMachine, ... }");
                    continue;
                }
                bindings.set(op, { field, binding: binding as OperationBindingInputs });
            }
        }
    }
    const publics = publicSet(definition, publicOperations, check);
    return definition.operations.map(op => {
        const bound = bindings.get(op);
        const b = bound?.binding ?? {};
        const isPublic = publics.has(`${op.method} ${op.path}`);
        return {
            path: op.path,
            methods: [op.method],
            handler: b.handler,
            integration: b.integration,
            stateMachine: b.stateMachine,
            stateMachineOptions: b.stateMachineOptions,
            throttle: b.throttle,
            authorizer: b.authorizer,
            authorizationScopes: b.authorizationScopes,
            openApi: {
                // Errors about the binding's parts name the binding (operations.getOrder.authorizer); others the operation.
                field: bound?.field ?? op.field,
                operation: op.operation,
                public: isPublic,
                integration: op.integration,
            },
            definition: op,
        };
    });
}

/** The checked publicOperations, as "METHOD /path" keys of definition operations. */
function publicSet(definition: Definition, value: unknown, check: InputChecker): Set<string> {
    const out = new Set<string>();
    if (value === undefined || value === null) return out;
    if (!Array.isArray(value)) {
        check.fail("publicOperations", value, 'must be a list of "METHOD /path", e.g. ["GET /health"]');
        return out;
    }
    const known = new Set(definition.operations.map(o => `${o.method} ${o.path}`));
    value.forEach((entry, i) => {
        const field = `publicOperations[${i}]`;
        const m = typeof entry === "string" ? PUBLIC.exec(entry.trim()) : null;
        if (!m || !(HttpValues as readonly string[]).includes(m[1])) {
            check.fail(field, entry, `must be "METHOD /path" with a method of ${HttpValues.join(", ")}, e.g. "GET /health"`);
            return;
        }
        const key = `${m[1]} ${normalizePath(m[2])}`;
        if (!known.has(key)) {
            check.fail(
                field,
                entry,
                "is not an operation of openApiDefinition (only its operations can be public; write the path as the definition does)",
            );
            return;
        }
        if (out.has(key)) check.fail(field, entry, "is listed twice");
        out.add(key);
    });
    return out;
}
