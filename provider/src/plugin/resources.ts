// The one table of this provider: type token → component constructor, and
// type token → custom resource methods. Each entry loads its module on first
// use, so starting the plugin (and serving GetSchema) does not pay for @pulumi/aws
// or the AWS SDK.
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import type { SecureApiComponents, SecureApiCustomResourceToken, SecureApiTypeToken } from "../shared/schema-types";
import { secureApiTypeTokens } from "../shared/schema-types";

/** The component a token constructs: its schema inputs in, its schema outputs on it (as pulumi-awsx types its table). */
export type ComponentConstructor<T extends SecureApiTypeToken> = new (
    name: string,
    args: SecureApiComponents[T]["args"],
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource & SecureApiComponents[T]["outputs"];

/** Every token of the schema, each with its component: a token added to schema.yaml without one fails to compile here. */
export const resources: { readonly [T in SecureApiTypeToken]: () => Promise<ComponentConstructor<T>> } = {
    [secureApiTypeTokens.SecureRestApi]: async () => (await import("../components/secureRestApi")).SecureRestApi,
    [secureApiTypeTokens.IAMSecureRestApi]: async () => (await import("../components/iamSecureRestApi")).IAMSecureRestApi,
    [secureApiTypeTokens.SecureHttpApi]: async () => (await import("../components/secureHttpApi")).SecureHttpApi,
};

/** Whether the provider serves this type token. */
export function isTypeToken(type: string): type is SecureApiTypeToken {
    return Object.prototype.hasOwnProperty.call(resources, type);
}

/** What the plugin serves for a custom resource of the schema: its check, diff, create, read, update and delete. */
export type CustomResourceMethods = Required<Pick<provider.Provider, "check" | "diff" | "create" | "read" | "update" | "delete">>;

/** Every custom resource token of the schema, each with its methods (a token added to schema.yaml without them fails to compile here). */
export const customResources: { readonly [T in SecureApiCustomResourceToken]: () => Promise<CustomResourceMethods> } = {
    [secureApiTypeTokens.RestApiAudit]: async () => (await import("../audit/restApiAuditProvider")).restApiAuditProvider(),
};

/** Whether the provider serves create/read/update/delete for this type token. */
export function isCustomResourceToken(type: string): type is SecureApiCustomResourceToken {
    return Object.prototype.hasOwnProperty.call(customResources, type);
}

/**
 * Inputs a component checks at construction when they are plain values. The
 * SDKs send a secret as an output, so the provider hands these over as plain
 * values when already known: a bad one is then a property error, before
 * anything is registered (the component keeps the value secret itself).
 */
export const checkedWhenKnown: { readonly [T in SecureApiTypeToken]?: readonly (keyof SecureApiComponents[T]["args"])[] } = {
    [secureApiTypeTokens.SecureRestApi]: ["apiKeyValue"],
};

/**
 * Inputs the provider prepares before construction with a step that can only run
 * asynchronously (a component's checks run synchronously when it is constructed):
 * a Swagger 2.0 openApiDefinition becomes OpenAPI 3.0 (routes/swagger2.ts, loaded on first use).
 */
export const preparedInputs: Readonly<Record<string, (value: unknown, label: string) => Promise<unknown>>> = {
    openApiDefinition: async (value, label) => (await import("../routes/swagger2")).convertSwagger2(value, label),
};
