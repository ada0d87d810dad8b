// The one table of this provider: type token → component constructor. Each
// entry loads its module on first use, so starting the plugin (and serving
// GetSchema) does not pay for @pulumi/aws.
import type * as pulumi from "@pulumi/pulumi";
import { secureApiTypeTokens } from "../shared/schema-types";

export type ComponentConstructor = new (
    name: string,
    args: any, // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by each component
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

export const resources: Readonly<Record<string, () => Promise<ComponentConstructor>>> = {
    [secureApiTypeTokens.SecureRestApi]: async () => (await import("../components/secureRestApi")).SecureRestApi,
    [secureApiTypeTokens.IAMSecureRestApi]: async () => (await import("../components/iamSecureRestApi")).IAMSecureRestApi,
};

/**
 * Inputs a component checks at construction when they are plain values. The
 * SDKs send a secret as an output, so the provider hands these over as plain
 * values when already known: a bad one is then a property error, before
 * anything is registered (the component keeps the value secret itself).
 */
export const checkedWhenKnown: Readonly<Record<string, readonly string[]>> = {
    [secureApiTypeTokens.SecureRestApi]: ["apiKeyValue"],
};
