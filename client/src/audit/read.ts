// Reads what API Gateway serves for one API and stage, with the AWS SDK's API
// Gateway client, and nothing else: every call is a read (apigateway:GET), and
// the policy docs/audit.md gives allows exactly these. Key values are never
// asked for (GetApiKey without includeValue) and the ones GetUsagePlanKeys
// answers anyway are dropped as they arrive. A read that fails is recorded
// with the permission it needs; "does not exist" is data (null), not a failure.
import {
    APIGatewayClient,
    GetApiKeyCommand,
    GetAuthorizersCommand,
    GetBasePathMappingsCommand,
    GetDomainNameCommand,
    GetExportCommand,
    GetResourcesCommand,
    GetRestApiCommand,
    GetStageCommand,
    GetUsagePlanKeysCommand,
    GetUsagePlansCommand,
} from "@aws-sdk/client-api-gateway";
import { AwsOptions, awsErrorName, awsErrorText, isAccessDenied, sdkClientConfig } from "../awsConfig";
import type {
    ApiKeyLive,
    AuditExpectation,
    AuthorizerLive,
    DomainLive,
    LiveSnapshot,
    OpenApiDocument,
    ResourceLive,
    RestApiLive,
    StageLive,
    UnreadPart,
    UsagePlanLive,
} from "./types";

/** The export the audit compares: OpenAPI 3 with API Gateway's integrations and authorizers (GetExport, API Gateway API reference). */
export const EXPORT_PARAMETERS = { extensions: "integrations,authorizers" } as const;

/** The partition of a region: aws, aws-cn, aws-us-gov. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** An API Gateway resource ARN (API Gateway developer guide, "API Gateway Amazon Resource Name (ARN) reference"). */
export function apiGatewayArn(region: string, path: string): string {
    return `arn:${partitionOf(region)}:apigateway:${region}::${path}`;
}

/** Keeps only what the audit compares, so nothing else (dates, values) ever reaches a report. */
const pick = <T>(from: object, keys: readonly string[]): T => {
    const o = from as Record<string, unknown>;
    return Object.fromEntries(keys.filter(k => o[k] !== undefined && o[k] !== null).map(k => [k, o[k]])) as T;
};

export interface ReadOptions extends AwsOptions {
    /** A client to use instead of one built from the AwsOptions (tests). */
    client?: APIGatewayClient;
}

/** Reads the live API an expectation describes. Never throws for an AWS answer: failures are in `unread`. */
export async function readLiveApi(x: AuditExpectation, options: ReadOptions = {}): Promise<LiveSnapshot> {
    const client = options.client ?? new APIGatewayClient(sdkClientConfig({ ...options, region: x.region ?? options.region }));
    let region = x.region ?? options.region;
    if (!region) {
        try {
            region = (await client.config.region()) as string;
        } catch {
            if (!options.client) client.destroy();
            throw new Error("no AWS region for the audit: give --region (or region), or set AWS_REGION");
        }
    }
    const where: string = region;
    const arn = (path: string) => apiGatewayArn(where, path);
    const unread: UnreadPart[] = [];
    const api = `/restapis/${x.restApiId}`;
    let unreachable = false;

    /** One read: its result, null when AWS says it does not exist, undefined when it failed (recorded). */
    async function read<T>(what: string, resourcePath: string, call: () => Promise<T>): Promise<T | null | undefined> {
        try {
            return await call();
        } catch (e) {
            if (awsErrorName(e) === "NotFoundException") return null;
            // Not allowed is about this read; anything else (no connection, no credentials) would fail every read alike.
            if (!isAccessDenied(e)) unreachable = true;
            unread.push({
                what,
                permission: `apigateway:GET on ${arn(resourcePath)}`,
                error: awsErrorText(e, "API Gateway", options.endpoint),
            });
            return undefined;
        }
    }
    /** Every page of a paged GET (API Gateway's position/limit). */
    async function pages<T>(fetch: (position?: string) => Promise<{ items?: T[]; position?: string }>): Promise<T[]> {
        const all: T[] = [];
        let position: string | undefined;
        do {
            const page = await fetch(position);
            all.push(...(page.items ?? []));
            position = page.position;
        } while (position);
        return all;
    }

    try {
        const restApi = await read("REST API", api, async () => {
            const r = await client.send(new GetRestApiCommand({ restApiId: x.restApiId }));
            return pick<RestApiLive>(r, ["id", "name", "apiKeySource", "policy", "endpointConfiguration", "disableExecuteApiEndpoint"]);
        });
        if (restApi === null) return { restApi: null, unread };
        if (unreachable) return { unread };
        const stagePath = `${api}/stages/${x.stageName}`;
        // One after another: the unread list keeps one order, and API Gateway's control plane allows 10 reads/s per account.
        const stage = await read("stage", stagePath, async () => {
            const s = await client.send(new GetStageCommand({ restApiId: x.restApiId, stageName: x.stageName }));
            return pick<StageLive>(s, [
                "stageName",
                "deploymentId",
                "tracingEnabled",
                "webAclArn",
                "clientCertificateId",
                "accessLogSettings",
                "methodSettings",
            ]);
        });
        const exported = await read("stage export", `${stagePath}/exports/oas30`, async () => {
            const out = await client.send(
                new GetExportCommand({
                    restApiId: x.restApiId,
                    stageName: x.stageName,
                    exportType: "oas30",
                    parameters: { ...EXPORT_PARAMETERS },
                    accepts: "application/json",
                }),
            );
            return JSON.parse(Buffer.from(out.body ?? new Uint8Array()).toString("utf8")) as OpenApiDocument;
        });
        const resources = await read("draft API resources", `${api}/resources`, () =>
            pages<ResourceLive>(async position => {
                const out = await client.send(
                    new GetResourcesCommand({ restApiId: x.restApiId, embed: ["methods"], limit: 500, position }),
                );
                return {
                    items: (out.items ?? []).map(r => pick<ResourceLive>(r, ["path", "resourceMethods"])),
                    position: out.position,
                };
            }),
        );
        const authorizers = await read("authorizers", `${api}/authorizers`, () =>
            pages<AuthorizerLive>(async position => {
                const out = await client.send(new GetAuthorizersCommand({ restApiId: x.restApiId, limit: 500, position }));
                return {
                    items: (out.items ?? []).map(a =>
                        pick<AuthorizerLive>(a, ["id", "name", "type", "providerARNs", "authorizerUri", "identitySource"]),
                    ),
                    position: out.position,
                };
            }),
        );

        let usagePlans: UsagePlanLive[] | undefined;
        let apiKeys: Record<string, ApiKeyLive | null> | undefined;
        if (x.usagePlanIds !== undefined || x.apiKeys !== undefined) {
            const expected = new Set(x.usagePlanIds ?? []);
            const all = await read("usage plans", "/usageplans", () =>
                pages<UsagePlanLive>(async position => {
                    const out = await client.send(new GetUsagePlansCommand({ limit: 500, position }));
                    return {
                        items: (out.items ?? []).map(p => pick<UsagePlanLive>(p, ["id", "name", "apiStages"])),
                        position: out.position,
                    };
                }),
            );
            if (all) {
                const relevant = all.filter(
                    p => expected.has(p.id) || (p.apiStages ?? []).some(s => s.apiId === x.restApiId && s.stage === x.stageName),
                );
                usagePlans = [];
                for (const plan of relevant) {
                    const keys = await read(`keys of usage plan ${plan.id}`, `/usageplans/${plan.id}/keys`, () =>
                        pages(async position => {
                            const out = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, limit: 500, position }));
                            // Each item also carries the key's value: only id, name and type are kept.
                            return {
                                items: (out.items ?? []).map(k => ({
                                    id: k.id ?? "",
                                    ...(k.name ? { name: k.name } : {}),
                                    ...(k.type ? { type: k.type } : {}),
                                })),
                                position: out.position,
                            };
                        }),
                    );
                    usagePlans.push(keys ? { ...plan, keys } : plan);
                }
            }
            if (x.apiKeys !== undefined) {
                apiKeys = {};
                for (const key of x.apiKeys) {
                    const live = await read(`API key ${key.id}`, `/apikeys/${key.id}`, async () => {
                        const k = await client.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: false }));
                        return pick<ApiKeyLive>(k, ["id", "name", "enabled"]);
                    });
                    if (live !== undefined) apiKeys[key.id] = live;
                }
            }
        }

        let domain: DomainLive | null | undefined;
        if (x.domain) {
            const name = x.domain.domainName;
            const d = await read(`custom domain ${name}`, `/domainnames/${name}`, () =>
                client.send(new GetDomainNameCommand({ domainName: name })),
            );
            if (d === null) domain = null;
            else if (d) {
                const mappings = await read(`base path mappings of ${name}`, `/domainnames/${name}/basepathmappings`, () =>
                    pages(async position => {
                        const out = await client.send(new GetBasePathMappingsCommand({ domainName: name, limit: 500, position }));
                        return {
                            items: (out.items ?? []).map(m =>
                                pick<{ basePath?: string; restApiId?: string; stage?: string }>(m, ["basePath", "restApiId", "stage"]),
                            ),
                            position: out.position,
                        };
                    }),
                );
                if (mappings !== undefined) {
                    domain = {
                        domainName: name,
                        ...(d.mutualTlsAuthentication
                            ? {
                                  mutualTlsAuthentication: pick(d.mutualTlsAuthentication, ["truststoreUri", "truststoreVersion"]),
                              }
                            : {}),
                        basePathMappings: mappings ?? [],
                    };
                }
            }
        }

        return {
            ...(restApi !== undefined ? { restApi } : {}),
            ...(stage !== undefined ? { stage } : {}),
            ...(exported !== undefined ? { export: exported } : {}),
            ...(resources ? { resources } : {}),
            ...(authorizers ? { authorizers } : {}),
            ...(usagePlans ? { usagePlans } : {}),
            ...(apiKeys ? { apiKeys } : {}),
            ...(domain !== undefined ? { domain } : {}),
            unread,
        };
    } finally {
        if (!options.client) client.destroy();
    }
}
