// Whether the account's API Gateway CloudWatch role is set in a region: API Gateway's
// GetAccount (its cloudwatchRoleArn), a read-only call, allowed in a preview. API
// Gateway refuses a stage's execution logs (loggingLevel ERROR or INFO: "CloudWatch
// Logs role ARN must be set in account settings to enable logging") until that role
// is set, and setting it is account-wide (cloudWatchRole.ts), so the default execution
// logs are turned on only where it is set already (components/executionLogsDefault.ts).
// Free of Pulumi, like the key flow; the caller passes the SDK client's configuration.
import type { APIGatewayClientConfig } from "@aws-sdk/client-api-gateway";

/** Reads the role ARN, or undefined when none is set; throws when the read fails. */
export type CloudWatchRoleReader = (config: APIGatewayClientConfig & { region: string }) => Promise<string | undefined>;

// The AWS SDK is loaded on the first read, so programs that give executionLogs never pay for loading it.
/* eslint-disable @typescript-eslint/no-require-imports */
let sdkModule: typeof import("@aws-sdk/client-api-gateway") | undefined;
const sdk = () => (sdkModule ??= require("@aws-sdk/client-api-gateway") as typeof import("@aws-sdk/client-api-gateway"));
/* eslint-enable @typescript-eslint/no-require-imports */

/** GetAccount through the AWS SDK (it honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_API_GATEWAY, so moto and LocalStack answer in tests). */
export const readWithSdk: CloudWatchRoleReader = async config => {
    const { APIGatewayClient, GetAccountCommand } = sdk();
    const client = new APIGatewayClient(config);
    try {
        const account = await client.send(new GetAccountCommand({}));
        return account.cloudwatchRoleArn || undefined;
    } finally {
        client.destroy();
    }
};

let reader: CloudWatchRoleReader = readWithSdk;

/** The reader in use (readWithSdk unless a test's mocks answer instead: testing.ts awsMocks). */
export const cloudWatchRoleReader = (): CloudWatchRoleReader => reader;

/**
 * Answer the read without AWS (in-process tests under Pulumi's mocks, which see
 * only resources and invokes, never a component's own SDK calls); undefined
 * restores the SDK.
 */
export function setCloudWatchRoleReader(r: CloudWatchRoleReader | undefined): void {
    reader = r ?? readWithSdk;
}

/** The IAM permission GetAccount needs in `region`, for messages (its partition from the region's name, as AWS names them). */
export function getAccountPermission(region: string): string {
    const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return `GetAccount needs apigateway:GET on arn:${partition}:apigateway:${region}::/account`;
}
