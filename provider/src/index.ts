// Library entry: the components are ordinary ComponentResources, usable
// directly from TypeScript without the plugin.
export { SecureRestApi } from "./secureRestApi";
export { IAMSecureRestApi } from "./iamSecureRestApi";
export * from "./routeHelpers";
export type {
    ApiKeySource, EndpointType, IAMSecureRestApiArgs, IAMSecureRestApiOutputs, IntegrationInputs, QuotaInputs, QuotaPeriod,
    RouteInputs, SecureRestApiArgs, SecureRestApiOutputs, ThrottleInputs,
} from "./schema-types";
