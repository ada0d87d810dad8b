// The audit's data, as plain JSON so the TypeScript and Python clients share
// their test cases (test-support/audit-cases/): what was deployed (an
// AuditExpectation), what AWS serves (a LiveSnapshot, in API Gateway's own
// member names so an SDK response drops in as read), and what differs (Findings).

/** An OpenAPI 3.0 (or Swagger 2.0) document as parsed JSON. */
export type OpenApiDocument = Record<string, unknown>;

/** A stage's method settings entry, as GetStage and aws.apigateway.MethodSettings name them. */
export interface MethodSettingsExpectation {
    readonly loggingLevel?: string;
    readonly dataTraceEnabled?: boolean;
    readonly metricsEnabled?: boolean;
    readonly cachingEnabled?: boolean;
    readonly throttlingBurstLimit?: number;
    readonly throttlingRateLimit?: number;
}

/** The stage settings the component applied (undefined: not audited; "" or null: none). */
export interface StageExpectation {
    readonly tracingEnabled?: boolean;
    readonly webAclArn?: string;
    readonly clientCertificateId?: string;
    readonly accessLogSettings?: { readonly destinationArn?: string; readonly format?: string } | null;
    /** By method path ("*\/*", "~1users~1{id}/GET"); an entry AWS has that is missing here must hold the defaults. */
    readonly methodSettings?: Readonly<Record<string, MethodSettingsExpectation>>;
}

export interface DomainExpectation {
    readonly domainName: string;
    /** "" for the domain's root. */
    readonly basePath: string;
    /** null: no mutual TLS. */
    readonly mutualTlsAuthentication?: { readonly truststoreUri: string; readonly truststoreVersion?: string } | null;
}

export interface ExpectedApiKey {
    readonly id: string;
    readonly name?: string;
    readonly enabled: boolean;
}

/** What one API was deployed as. Optional parts that are undefined are not audited (the report says so). */
export interface AuditExpectation {
    /** Who this is in the report: the component's URN, or "REST API {id} stage {stage}". */
    readonly name: string;
    readonly restApiId: string;
    readonly stageName: string;
    readonly region?: string;
    /** The document the API was deployed from (the component's openApiDocument). */
    readonly document: OpenApiDocument;
    /** The deployment the stage must serve. */
    readonly deploymentId?: string;
    /** The usage plans that cover the stage, and the only ones. */
    readonly usagePlanIds?: readonly string[];
    /** The keys of those plans, and the only ones (a key expected enabled must be attached to one of them). */
    readonly apiKeys?: readonly ExpectedApiKey[];
    readonly stage?: StageExpectation;
    readonly domain?: DomainExpectation;
    readonly endpointTypes?: readonly string[];
}

// ---- What AWS serves (API Gateway's member names; dates and key values never kept) ----

export interface RestApiLive {
    readonly id: string;
    readonly name?: string;
    readonly apiKeySource?: string;
    readonly policy?: string;
    readonly endpointConfiguration?: { readonly types?: string[]; readonly vpcEndpointIds?: string[] };
    readonly disableExecuteApiEndpoint?: boolean;
}

export interface StageLive {
    readonly stageName: string;
    readonly deploymentId?: string;
    readonly tracingEnabled?: boolean;
    readonly webAclArn?: string;
    readonly clientCertificateId?: string;
    readonly accessLogSettings?: { readonly destinationArn?: string; readonly format?: string };
    readonly methodSettings?: Readonly<Record<string, MethodSettingsExpectation>>;
}

export interface MethodLive {
    readonly httpMethod?: string;
    readonly authorizationType?: string;
    readonly apiKeyRequired?: boolean;
    readonly authorizerId?: string;
    readonly authorizationScopes?: string[];
    readonly methodIntegration?: Record<string, unknown>;
}

export interface ResourceLive {
    readonly path: string;
    readonly resourceMethods?: Readonly<Record<string, MethodLive>>;
}

export interface AuthorizerLive {
    readonly id: string;
    readonly name?: string;
    readonly type?: string;
    readonly providerARNs?: string[];
    readonly authorizerUri?: string;
    readonly identitySource?: string;
}

export interface UsagePlanLive {
    readonly id: string;
    readonly name?: string;
    readonly apiStages?: readonly { readonly apiId?: string; readonly stage?: string }[];
    /** Its keys: id, name and type only (GetUsagePlanKeys also answers each key's value; it is dropped when read). */
    readonly keys?: readonly { readonly id: string; readonly name?: string; readonly type?: string }[];
}

export interface ApiKeyLive {
    readonly id: string;
    readonly name?: string;
    readonly enabled?: boolean;
}

export interface DomainLive {
    readonly domainName: string;
    readonly mutualTlsAuthentication?: { readonly truststoreUri?: string; readonly truststoreVersion?: string };
    readonly basePathMappings?: readonly { readonly basePath?: string; readonly restApiId?: string; readonly stage?: string }[];
}

/** A read that failed: what, the permission it needs, and AWS's answer. */
export interface UnreadPart {
    readonly what: string;
    readonly permission: string;
    readonly error: string;
}

/**
 * What AWS serves. A part that is absent (undefined) was not read (see `unread`);
 * null means AWS answered that it does not exist.
 */
export interface LiveSnapshot {
    readonly restApi?: RestApiLive | null;
    readonly stage?: StageLive | null;
    /** The deployed stage's definition (GetExport, oas30, extensions integrations and authorizers). */
    readonly export?: OpenApiDocument | null;
    /** The draft API (GetResources with methods embedded) and its authorizers. */
    readonly resources?: readonly ResourceLive[];
    readonly authorizers?: readonly AuthorizerLive[];
    /** The usage plans that cover the stage, and the expected ones that still exist. */
    readonly usagePlans?: readonly UsagePlanLive[];
    /** The expected keys by id (null: deleted). */
    readonly apiKeys?: Readonly<Record<string, ApiKeyLive | null>>;
    readonly domain?: DomainLive | null;
    readonly unread: readonly UnreadPart[];
}

// ---- What differs ----

/** Every kind of drift the audit reports (docs/audit.md describes each). */
export const FINDING_KINDS = [
    "api-missing",
    "stage-missing",
    "operation-open",
    "api-key-not-required",
    "iam-not-required",
    "authorizer-removed",
    "authorizer-changed",
    "scopes-changed",
    "security-changed",
    "operation-added",
    "operation-missing",
    "integration-changed",
    "stage-deployment",
    "usage-plan-detached",
    "usage-plan-added",
    "api-key-missing",
    "api-key-disabled",
    "api-key-enabled",
    "api-key-detached",
    "api-key-added",
    "waf-changed",
    "access-logs-changed",
    "method-settings-changed",
    "tracing-changed",
    "client-certificate-changed",
    "resource-policy-changed",
    "api-key-source-changed",
    "endpoint-changed",
    "domain-mapping-changed",
    "mutual-tls-changed",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
    readonly kind: FindingKind;
    /** What drifted: "GET /orders", "stage prod", "API key abc123 (shop-dev)"… */
    readonly target: string;
    readonly expected: string;
    readonly live: string;
    /** Only in the draft API: not served until someone deploys it. */
    readonly latent: boolean;
    readonly message: string;
}

/** The audit of one API. */
export interface ApiAudit {
    readonly name: string;
    readonly restApiId: string;
    readonly stageName: string;
    readonly region?: string;
    readonly drift: boolean;
    readonly findings: readonly Finding[];
    /** Reads that failed: the audit is incomplete. */
    readonly unread: readonly UnreadPart[];
    /** What was compared differently or not at all, and why. */
    readonly notes: readonly string[];
    /** Each served operation's security ("api-key", "iam", "cognito:pool [scope]", "none"), by "METHOD /path". */
    readonly operations: Readonly<Record<string, string>>;
}

/** Exit status of `secure-api audit`: 0 clean, 1 drift found, 2 could not read (and no drift found). */
export function exitCode(audits: readonly ApiAudit[]): number {
    if (audits.some(a => a.drift)) return 1;
    if (audits.some(a => a.unread.length > 0)) return 2;
    return 0;
}
