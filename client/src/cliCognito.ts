// `secure-api cognito-token`: signs a user in to a Cognito user pool and
// prints the ID token (or, with --access-token, the access token) for
// `call --bearer` / SECURE_API_BEARER. The password comes from
// SECURE_API_PASSWORD or standard input, never from an argument, which other
// users of the machine could see.
import { Command, Option } from "commander";
import { cognitoSignIn } from "./cognito";
import { UsageError } from "./usageError";

export interface CognitoFlags {
    userPoolClientId: string;
    username: string;
    passwordStdin?: boolean;
    password?: string;
    accessToken?: boolean;
    region?: string;
    profile?: string;
    endpointUrl?: string;
}

export interface CognitoIO {
    stdout: { write(data: string): unknown };
    env: NodeJS.ProcessEnv;
    readStdin(): Promise<Buffer>;
}

export const COGNITO_HELP = `
The password is read from SECURE_API_PASSWORD, or from standard input with
--password-stdin (one line); it is never an argument. For an app client with a
secret, set SECURE_API_COGNITO_CLIENT_SECRET. The app client must allow
ALLOW_USER_PASSWORD_AUTH (SRP sign-in is not supported). Only the token is
written to stdout.

Examples:
  $ export SECURE_API_BEARER=$(SECURE_API_PASSWORD=... secure-api cognito-token --region eu-west-1 \\
      --user-pool-client-id 1example23456789 --username alice)
  $ secure-api call --api-key-param /my-app-dev/api-key GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/me
`;

async function password(flags: CognitoFlags, io: CognitoIO): Promise<string> {
    if (flags.password !== undefined) {
        throw new UsageError(
            "the password is never taken as an argument (other users can see arguments): set SECURE_API_PASSWORD or use --password-stdin",
        );
    }
    if (flags.passwordStdin) {
        const text = (await io.readStdin()).toString("utf8").replace(/\r?\n$/, "");
        if (!text) throw new UsageError("--password-stdin: standard input is empty");
        return text;
    }
    const fromEnv = io.env.SECURE_API_PASSWORD;
    if (!fromEnv) throw new UsageError("no password: set SECURE_API_PASSWORD or use --password-stdin (it is never an argument)");
    return fromEnv;
}

export async function runCognitoToken(flags: CognitoFlags, io: CognitoIO): Promise<number> {
    const tokens = await cognitoSignIn({
        clientId: flags.userPoolClientId,
        username: flags.username,
        password: await password(flags, io),
        clientSecret: io.env.SECURE_API_COGNITO_CLIENT_SECRET || undefined,
        region: flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION,
        profile: flags.profile,
        endpoint: flags.endpointUrl,
    });
    io.stdout.write(`${flags.accessToken ? tokens.accessToken : tokens.idToken}\n`);
    return 0;
}

/** Adds the command's options to `command`; its action is set by the caller. */
export function cognitoTokenCommand(command: Command): Command {
    return command
        .description("Sign a user in to a Cognito user pool (InitiateAuth, USER_PASSWORD_AUTH) and print the ID token, for call --bearer.")
        .requiredOption("--user-pool-client-id <id>", "the user pool's app client id")
        .requiredOption("--username <name>", "the user to sign in")
        .addOption(new Option("--password-stdin", "read the password from standard input (else SECURE_API_PASSWORD)"))
        .addOption(new Option("--password <password>").hideHelp())
        .addOption(new Option("--access-token", "print the access token instead of the ID token (routes with OAuth scopes)"))
        .addOption(new Option("--region <region>", "the user pool's region (else AWS_REGION, then the profile's)"))
        .addOption(new Option("--profile <profile>", "AWS profile to read the region from"))
        .addOption(
            new Option("--endpoint-url <url>", "endpoint for Cognito (LocalStack, moto); also AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"),
        )
        .addHelpText("after", COGNITO_HELP);
}
