// Library entry: the components are ordinary ComponentResources, usable
// directly from TypeScript without the plugin.
export { SecureRestApi } from "./components/secureRestApi";
export { IAMSecureRestApi } from "./components/iamSecureRestApi";
export { SecureHttpApi } from "./components/secureHttpApi";
// Served by this package's plugin (create/read/update), which must be installed: see docs/audit.md.
export { RestApiAudit } from "./audit/restApiAudit";
export * from "./routes/routeHelpers";
export { convertSwagger2 } from "./routes/swagger2";
export type {
    ApiKeySource,
    EndpointType,
    IAMSecureRestApiArgs,
    IAMSecureRestApiOutputs,
    IntegrationInputs,
    QuotaInputs,
    QuotaPeriod,
    RestApiAuditArgs,
    RouteInputs,
    SecureHttpApiArgs,
    SecureHttpApiOutputs,
    SecureRestApiArgs,
    SecureRestApiOutputs,
    ThrottleInputs,
} from "./shared/schema-types";
