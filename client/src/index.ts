// secure-api-client: call a REST API deployed by pulumi-secure-api's
// SecureRestApi (x-api-key) or IAMSecureRestApi (SigV4) components, with a
// bearer token for routes with an authorizer and a client certificate for
// mutual TLS.
export type { AwsOptions, Credentials } from "./awsConfig";

export { apiKeyFromSsm, apiKeyFromStackOutput, defaultApiKeyParameterName, runCommand } from "./apiKey";
export type { ApiKeyFromSsmOptions, ApiKeyFromStackOutputOptions, CommandResult, CommandRunner } from "./apiKey";

export { assumeRole, credentialsFromSecret, defaultCredentialsSecretName } from "./iamCredentials";
export { credentialsFromDefaultChain } from "./defaultCredentials";
export type { DefaultCredentialsOptions } from "./defaultCredentials";
export type { AssumeRoleOptions, CredentialsFromSecretOptions } from "./iamCredentials";

export { EXECUTE_API_SERVICE, regionFromUrl, signRequest } from "./signer";
export type { SignOptions } from "./signer";

export {
    API_KEY_HEADER,
    bearerAuthorization,
    buildHttpRequest,
    callApi,
    checkClientTls,
    headerSafeApiKey,
    prepareRequest,
    requestUrl,
    sendRequest,
} from "./request";
export type { ApiKeyAuth, ApiResponse, Auth, BearerAuth, CallOptions, ClientTls, IamAuth, RequestOptions, SendOptions } from "./request";

export { cognitoSecretHash, cognitoSignIn } from "./cognito";
export type { CognitoSignInOptions, CognitoTokens } from "./cognito";

export { REDACTED, redactHeaders, SECRET_HEADERS } from "./redact";

export { failureReason, main } from "./cli";

// The audit (secure-api audit): the live API against what was deployed.
export {
    auditApis,
    compareApi,
    expectationsFromStack,
    expectationsFromState,
    exitCode as auditExitCode,
    FINDING_KINDS,
    readLiveApi,
    renderTable as renderAuditTable,
    reportJson as renderAuditJson,
} from "./audit";
export type { ApiAudit, AuditExpectation, Finding, FindingKind, LiveSnapshot, StackExpectationOptions } from "./audit";
export type { AuthMode, CliIO } from "./cli";
