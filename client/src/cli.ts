// The `secure-api` command. `main` takes its arguments and I/O as parameters so
// tests run it in-process; bin/secure-api only wires it to the real process.
// Exit codes: 0 success, 1 HTTP >= 400 or a failed lookup/call, 2 usage error.
import { promises as fs } from "fs";
import { STATUS_CODES } from "http";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { apiKeyFromSsm, apiKeyFromStackOutput, CommandRunner, runCommand } from "./apiKey";
import { type AwsOptions, errorMessage } from "./awsConfig";
import { assumeRole, credentialsFromSecret } from "./iamCredentials";
import { redactHeaders } from "./redact";
import { Auth, prepareRequest, requestUrl, sendRequest } from "./request";
import { EXECUTE_API_SERVICE, regionFromUrl } from "./signer";

export interface CliIO {
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
    /** Read for SECURE_API_KEY, AWS_REGION/AWS_DEFAULT_REGION and the PATH pulumi is looked up on. */
    env: NodeJS.ProcessEnv;
    runCommand: CommandRunner;
    readFile(path: string): Promise<Buffer>;
}

export type AuthMode = "api-key" | "iam" | "none";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

interface CallFlags {
    apiKey?: string;
    apiKeyParam?: string;
    stackOutput?: boolean;
    stack?: string;
    iamSecret?: string;
    roleArn?: string;
    region?: string;
    profile?: string;
    endpointUrl?: string;
    data?: string;
    header?: [string, string][];
    timeout: number;
    verbose?: boolean;
}

const EXAMPLES = `
Examples:
  # SecureRestApi, key read from SSM (/{stackName}/api-key)
  $ secure-api call --api-key-param /my-app-dev/api-key GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/hello

  # key from the Pulumi stack output APIKey (needs the pulumi CLI), JSON body
  $ secure-api call --stack-output --stack dev POST https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items --data '{"name":"x"}'

  # key from the environment, so it is not visible in the process list
  $ SECURE_API_KEY=... secure-api call GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/

  # IAMSecureRestApi: sign with the credentials from its secret, through the invoke role
  $ secure-api call --iam-secret my-app-dev/iam-user-credentials \\
      --role-arn arn:aws:iam::123456789012:role/my-app-dev@api-invoke-role \\
      GET 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items?limit=10'

  # against a local emulator for the AWS lookups
  $ secure-api call --endpoint-url http://127.0.0.1:5000 --region us-east-1 --api-key-param /demo/api-key GET http://localhost:3000/

The status line and the body go to stdout; --verbose writes the request and
response headers to stderr with x-api-key, Authorization and
X-Amz-Security-Token values redacted. Exit status: 0 for HTTP < 400, 1 for
HTTP >= 400 or a failed lookup, 2 for a usage error.
`;

function oneLine(text: string, max = 200): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** API Gateway's error bodies are {"message": "..."} (or "Message"). */
function apiGatewayMessage(body: string): string | undefined {
    try {
        const parsed = JSON.parse(body) as unknown;
        if (parsed && typeof parsed === "object") {
            const record = parsed as Record<string, unknown>;
            const message = record.message ?? record.Message;
            if (typeof message === "string" && message.trim()) return message;
        }
    } catch {
        /* not JSON */
    }
    return undefined;
}

/**
 * One line saying why a call failed. API Gateway answers a bad key and a bad
 * signature alike ("Forbidden" / "Missing Authentication Token"), so the
 * reason depends on the kind of auth that was sent.
 */
export function failureReason(status: number, body: string, mode: AuthMode, statusText = ""): string {
    const message = apiGatewayMessage(body);
    if (status === 403) {
        const generic = !message || /^(forbidden|missing authentication token)\.?$/i.test(message.trim());
        if (mode === "api-key" && generic) return "403: missing or invalid API key";
        if (mode === "iam") {
            if (message && /is not authorized to perform/i.test(message)) {
                return "403: these credentials may not invoke this API (check its execute-api:Invoke policy, or use --role-arn)";
            }
            if (generic || /signature|security token|expired|credential/i.test(message ?? "")) {
                return "403: request signature rejected (check credentials, region, clock)";
            }
        }
        if (mode === "none" && generic) return "403: no credentials were sent (use an API key option or --iam-secret)";
    }
    return oneLine(`${status}: ${message ?? (statusText || STATUS_CODES[status] || "HTTP error")}`);
}

function parseMethod(value: string): string {
    const method = value.toUpperCase();
    if (!METHODS.includes(method)) throw new InvalidArgumentError(`expected one of ${METHODS.join(", ")}.`);
    return method;
}

function parseUrl(value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new InvalidArgumentError("not an absolute URL.");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new InvalidArgumentError("use an https:// or http:// URL.");
    return value;
}

function collectHeader(value: string, previous: [string, string][] | undefined): [string, string][] {
    const colon = value.indexOf(":");
    const name = colon > 0 ? value.slice(0, colon).trim() : "";
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InvalidArgumentError('expected "Name: value".');
    return [...(previous ?? []), [name, value.slice(colon + 1).trim()]];
}

function parseSeconds(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds.");
    return n;
}

function usageError(cmd: Command, message: string): never {
    return cmd.error(`error: ${message}`, { exitCode: 2, code: "secure-api.usage" });
}

/** Finds the auth the flags ask for; `say` gets one line per step for --verbose, never a secret. */
async function resolveAuth(
    flags: CallFlags,
    url: string,
    io: CliIO,
    cmd: Command,
    say: (line: string) => void,
): Promise<{ auth?: Auth; mode: AuthMode }> {
    const aws: AwsOptions = { region: flags.region ?? regionFromUrl(url), profile: flags.profile, endpoint: flags.endpointUrl };
    if (flags.iamSecret) {
        const region = flags.region ?? regionFromUrl(url) ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
        if (!region) usageError(cmd, `cannot tell the API's region from ${new URL(url).host}; pass --region`);
        let credentials = await credentialsFromSecret({ ...aws, secretId: flags.iamSecret });
        say(`* auth: IAM user credentials from secret ${flags.iamSecret}`);
        if (flags.roleArn) {
            credentials = await assumeRole({ region: aws.region ?? region, endpoint: aws.endpoint, credentials, roleArn: flags.roleArn });
            say(`* auth: assumed role ${flags.roleArn}`);
        }
        say(`* signing: SigV4, service ${EXECUTE_API_SERVICE}, region ${region}`);
        return { auth: { iam: credentials, region }, mode: "iam" };
    }
    if (flags.apiKey) {
        say("* auth: API key from --api-key");
        return { auth: { apiKey: flags.apiKey }, mode: "api-key" };
    }
    if (flags.apiKeyParam) {
        const apiKey = await apiKeyFromSsm({ ...aws, parameterName: flags.apiKeyParam });
        say(`* auth: API key from SSM parameter ${flags.apiKeyParam}`);
        return { auth: { apiKey }, mode: "api-key" };
    }
    if (flags.stackOutput) {
        const apiKey = await apiKeyFromStackOutput({ stack: flags.stack, env: io.env, run: io.runCommand });
        say(`* auth: API key from stack output APIKey${flags.stack ? ` of stack ${flags.stack}` : ""}`);
        return { auth: { apiKey }, mode: "api-key" };
    }
    if (io.env.SECURE_API_KEY) {
        say("* auth: API key from SECURE_API_KEY");
        return { auth: { apiKey: io.env.SECURE_API_KEY }, mode: "api-key" };
    }
    say("* auth: none");
    return { mode: "none" };
}

async function runCall(method: string, url: string, flags: CallFlags, cmd: Command, io: CliIO): Promise<number> {
    if (flags.roleArn && !flags.iamSecret) usageError(cmd, "--role-arn needs --iam-secret");
    if (flags.stack && !flags.stackOutput) usageError(cmd, "--stack needs --stack-output");

    const headers: Record<string, string> = {};
    for (const [name, value] of flags.header ?? []) headers[name.toLowerCase()] = value;
    let body: Buffer | undefined;
    if (flags.data !== undefined) {
        if (flags.data.startsWith("@")) {
            const file = flags.data.slice(1);
            try {
                body = await io.readFile(file);
            } catch (e) {
                usageError(cmd, `cannot read --data file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
            }
        } else {
            body = Buffer.from(flags.data, "utf8");
        }
        if (!headers["content-type"]) headers["content-type"] = looksLikeJson(body) ? "application/json" : "application/octet-stream";
    }

    const say = (line: string) => {
        if (flags.verbose) io.stderr.write(`${line}\n`);
    };
    const { auth, mode } = await resolveAuth(flags, url, io, cmd, say);
    const request = await prepareRequest({ url, method, headers, body, auth });
    say(`> ${request.method} ${requestUrl(request)}`);
    for (const [name, value] of Object.entries(redactHeaders(request.headers))) say(`> ${name}: ${value}`);

    const response = await sendRequest(request, { timeoutMs: flags.timeout * 1000 });
    say(`< HTTP ${response.status} ${response.statusText}`);
    for (const [name, value] of Object.entries(response.headers)) say(`< ${name}: ${value}`);

    io.stdout.write(`HTTP ${response.status} ${response.statusText}\n`);
    if (response.body) io.stdout.write(response.body.endsWith("\n") ? response.body : `${response.body}\n`);
    if (response.status >= 400) {
        io.stderr.write(`${failureReason(response.status, response.body, mode, response.statusText)}\n`);
        return 1;
    }
    return 0;
}

function looksLikeJson(body: Buffer): boolean {
    try {
        JSON.parse(body.toString("utf8"));
        return true;
    } catch {
        return false;
    }
}

function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
    const authOptions = ["apiKey", "apiKeyParam", "stackOutput", "iamSecret"];
    const others = (self: string) => authOptions.filter(o => o !== self);
    const program = new Command("secure-api")
        .description("Call a REST API deployed by pulumi-secure-api (SecureRestApi: x-api-key; IAMSecureRestApi: SigV4).")
        .version((require("../package.json") as { version: string }).version)
        .exitOverride()
        .configureOutput({ writeOut: s => void io.stdout.write(s), writeErr: s => void io.stderr.write(s) })
        .showSuggestionAfterError(true);

    program
        .command("call")
        .description("Send one request and print the HTTP status line and the body.")
        .argument("<method>", `HTTP method (${METHODS.join(", ")})`, parseMethod)
        .argument("<url>", "full URL, e.g. the stack output APIEndpoint plus a path", parseUrl)
        .addOption(new Option("--api-key <key>", "API key (prefer SECURE_API_KEY: arguments are visible to other users)").conflicts(others("apiKey")))
        .addOption(new Option("--api-key-param <name>", "read the API key from this SSM parameter (e.g. /{stackName}/api-key)").conflicts(others("apiKeyParam")))
        .addOption(new Option("--stack-output", "read the API key from the Pulumi stack output APIKey").conflicts(others("stackOutput")))
        .addOption(new Option("--stack <stack>", "Pulumi stack for --stack-output (else the selected stack)"))
        .addOption(new Option("--iam-secret <name>", "sign with the IAM credentials in this Secrets Manager secret").conflicts(others("iamSecret")))
        .addOption(new Option("--role-arn <arn>", "with --iam-secret: assume this role first (IAMSecureRestApi useRole)"))
        .addOption(new Option("--region <region>", "AWS region of the API and its parameter/secret (else from the execute-api URL)"))
        .addOption(new Option("--profile <profile>", "AWS profile for reading the parameter/secret"))
        .addOption(new Option("--endpoint-url <url>", "endpoint for the AWS SDK calls (LocalStack, moto)"))
        .addOption(new Option("--data <body>", "request body, or @file to read it from a file"))
        .addOption(new Option("--header <header>", 'extra header "Name: value" (repeatable)').argParser(collectHeader))
        .addOption(new Option("--timeout <seconds>", "give up waiting for the API after this long").argParser(parseSeconds).default(30))
        .addOption(new Option("--verbose", "show the request and response headers on stderr (secrets redacted)"))
        .addHelpText("after", EXAMPLES)
        .action(async (method: string, url: string, flags: CallFlags, cmd: Command) => {
            setExitCode(await runCall(method, url, flags, cmd, io));
        });
    return program;
}

/** Runs the CLI with `argv` (the arguments after the program name); resolves to the exit status. */
export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
    const full: CliIO = {
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
        runCommand,
        readFile: path => fs.readFile(path),
        ...io,
    };
    let exitCode = 0;
    try {
        await buildProgram(full, code => (exitCode = code)).parseAsync(argv, { from: "user" });
        return exitCode;
    } catch (e) {
        // Commander has already printed its message; --help and --version end with exit code 0.
        if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
        full.stderr.write(`error: ${oneLine(errorMessage(e), 500)}\n`);
        return 1;
    }
}

/** Entry point for bin/secure-api. */
export function run(): void {
    // The AWS SDK warns on every run under Node < 22, several lines long; a
    // CLI's stderr is kept for its own one-line reasons. Set the variable to
    // "false" to see the warning.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    void main(process.argv.slice(2)).then(code => {
        process.exitCode = code;
    });
}
