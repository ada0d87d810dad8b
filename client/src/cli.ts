// The `secure-api` command. `main` takes its arguments and I/O as parameters so
// tests run it in-process; bin/secure-api only wires it to the real process.
// Exit codes: 0 success, 1 HTTP >= 400 or a failed lookup/call, 2 usage error
// (`audit`: 0 clean, 1 drift found, 2 could not read; cliAudit.ts).
// It behaves like curl where the two overlap: stdout is the body alone
// (-i adds the status line and headers), -d/--data with @file and @-, -H.
import { promises as fs } from "fs";
import { Command, CommanderError, Option } from "commander";
import { CommandRunner, runCommand } from "./apiKey";
import { errorMessage } from "./awsConfig";
import { METHODS, collectHeader, parseMethod, parseSeconds, parseUrl } from "./cliArgs";
import { AuthFlags, checkAuthFlags, resolveAuth } from "./cliAuth";
import { defaultContentType, readStream, requestBody } from "./cliBody";
import { AuditFlags, auditCommand, runAudit } from "./cliAudit";
import { CognitoFlags, cognitoTokenCommand, runCognitoToken } from "./cliCognito";
import { CALL_HELP } from "./cliHelp";
import { TlsFlags, clientTls } from "./cliTls";
import { failureReason, oneLine } from "./failureReason";
import { redactHeaders } from "./redact";
import { ApiResponse, prepareRequest, requestUrl, sendRequest } from "./request";
import { UsageError } from "./usageError";

export type { AuthMode } from "./failureReason";
export { failureReason } from "./failureReason";

export interface CliIO {
    /** The response body goes here as bytes; text for --help and -i. */
    stdout: { write(data: string | Uint8Array): unknown };
    stderr: { write(text: string): unknown };
    /** Read for SECURE_API_KEY, SECURE_API_BEARER, SECURE_API_PASSWORD, AWS_REGION/AWS_DEFAULT_REGION and the PATH pulumi is looked up on. */
    env: NodeJS.ProcessEnv;
    runCommand: CommandRunner;
    readFile(path: string): Promise<Buffer>;
    /** The whole of standard input, for `--data @-` and `cognito-token --password-stdin`. */
    readStdin(): Promise<Buffer>;
}

interface CallFlags extends AuthFlags, TlsFlags {
    data?: string;
    header?: [string, string][];
    include?: boolean;
    timeout: number;
    verbose?: boolean;
}

/** What `curl -i` prints before the body: the status line, the headers as received, a blank line. */
function statusAndHeaders(response: ApiResponse): string {
    const lines = [`HTTP/${response.httpVersion} ${response.status} ${response.statusText}`.trimEnd()];
    for (const [name, value] of response.rawHeaders) lines.push(`${name}: ${value}`);
    return `${lines.join("\r\n")}\r\n\r\n`;
}

async function runCall(method: string, url: string, flags: CallFlags, io: CliIO): Promise<number> {
    checkAuthFlags(flags);
    const headers: Record<string, string> = {};
    for (const [name, value] of flags.header ?? []) headers[name.toLowerCase()] = value;
    let body: Buffer | undefined;
    if (flags.data !== undefined) {
        body = await requestBody(flags.data, io);
        headers["content-type"] ??= defaultContentType(body);
    }

    const say = (line: string) => {
        if (flags.verbose) io.stderr.write(`${line}\n`);
    };
    const tls = await clientTls(flags, url, io, say);
    const { auth, mode } = await resolveAuth(flags, url, { env: io.env, runCommand: io.runCommand, say }, "authorization" in headers);
    const request = await prepareRequest({ url, method, headers, body, auth });
    say(`> ${request.method} ${requestUrl(request)}`);
    for (const [name, value] of Object.entries(redactHeaders(request.headers))) say(`> ${name}: ${value}`);

    const response = await sendRequest(request, { timeoutMs: flags.timeout * 1000, tls });
    say(`< HTTP ${response.status} ${response.statusText}`);
    for (const [name, value] of Object.entries(response.headers)) say(`< ${name}: ${value}`);

    if (flags.include) io.stdout.write(statusAndHeaders(response));
    io.stdout.write(response.rawBody);
    if (response.status >= 400) {
        const route = `${request.method} ${request.path}`;
        io.stderr.write(`${failureReason(response.status, response.body, mode, response.statusText, route)}\n`);
        return 1;
    }
    return 0;
}

/** The commander program; exported so the README check parses `secure-api call` examples with it. */
export function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
    const keyOptions = ["apiKey", "apiKeyParam", "stackOutput"];
    const signOptions = ["iam", "iamSecret"];
    // Any two ways of getting a key conflict, and every key option conflicts with signing.
    const keyConflicts = (self: string) => [...keyOptions.filter(o => o !== self), ...signOptions];
    const program = new Command("secure-api")
        .description(
            "Call a REST API deployed by pulumi-secure-api (SecureRestApi: x-api-key; IAMSecureRestApi: SigV4; authorizers: a bearer token), or audit it against what was deployed.",
        )
        // package.json sits outside src/ (the compiler's rootDir), so it is read at run time.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        .version((require("../package.json") as { version: string }).version)
        .exitOverride()
        .configureOutput({ writeOut: s => void io.stdout.write(s), writeErr: s => void io.stderr.write(s) })
        .showSuggestionAfterError(true);

    program
        .command("call")
        .description("Send one request and write the response body to stdout.")
        .argument("<method>", `HTTP method (${METHODS.join(", ")})`, parseMethod)
        .argument("<url>", "full URL, e.g. the stack output APIEndpoint plus a path", parseUrl)
        .addOption(
            new Option("--api-key <key>", "API key (prefer SECURE_API_KEY: arguments are visible to other users)").conflicts(
                keyConflicts("apiKey"),
            ),
        )
        .addOption(
            new Option(
                "--bearer <token>",
                "send Authorization: Bearer TOKEN (a value with a scheme as given); with or without a key (prefer SECURE_API_BEARER)",
            ).conflicts(signOptions),
        )
        .addOption(
            new Option("--api-key-param <name>", "read the API key from this SSM parameter (e.g. /{stackName}/api-key)").conflicts(
                keyConflicts("apiKeyParam"),
            ),
        )
        .addOption(
            new Option("--stack-output", "read the API key from the Pulumi stack output APIKey").conflicts(keyConflicts("stackOutput")),
        )
        .addOption(new Option("--stack <stack>", "Pulumi stack for --stack-output (else the selected stack)"))
        .addOption(
            new Option("--iam", "sign with SigV4 using the default AWS credential chain (env, --profile, SSO, instance/container role)"),
        )
        .addOption(new Option("--iam-secret <name>", "sign with SigV4 using the IAM credentials in this Secrets Manager secret"))
        .addOption(new Option("--role-arn <arn>", "with --iam or --iam-secret: assume this role first (IAMSecureRestApi useRole)"))
        .addOption(new Option("--service <name>", "SigV4 signing name").default(undefined, "execute-api"))
        .addOption(
            new Option(
                "--region <region>",
                "signing region and region of the AWS lookups (else from the execute-api URL, then AWS_REGION)",
            ),
        )
        .addOption(new Option("--profile <profile>", "AWS profile for the lookups and for --iam"))
        .addOption(
            new Option("--endpoint-url <url>", "endpoint for the SSM, Secrets Manager and STS calls (LocalStack, moto); not the API's"),
        )
        .addOption(new Option("--cert <file>", "client certificate for mutual TLS, PEM (with the key too when --key is absent)"))
        .addOption(new Option("--key <file>", "the client certificate's private key, PEM (unencrypted)"))
        .addOption(new Option("--cacert <file>", "trust the API's certificate if one of these PEM CA certificates issued it"))
        .addOption(new Option("-d, --data <body>", "request body; @file reads a file, @- standard input"))
        .addOption(new Option("-H, --header <header>", 'extra header "Name: value" (repeatable)').argParser(collectHeader))
        .addOption(new Option("-i, --include", "write the status line and response headers before the body"))
        .addOption(new Option("--timeout <seconds>", "give up waiting for the API after this long").argParser(parseSeconds).default(30))
        .addOption(new Option("-v, --verbose", "show the request and response headers on stderr (secrets redacted)"))
        .addHelpText("after", CALL_HELP)
        .action(async (method: string, url: string, flags: CallFlags, cmd: Command) => {
            try {
                setExitCode(await runCall(method, url, flags, io));
            } catch (e) {
                if (e instanceof UsageError) cmd.error(`error: ${e.message}`, { exitCode: 2, code: "secure-api.usage" });
                throw e;
            }
        });

    cognitoTokenCommand(program.command("cognito-token")).action(async (flags: CognitoFlags, cmd: Command) => {
        try {
            setExitCode(await runCognitoToken(flags, io));
        } catch (e) {
            if (e instanceof UsageError) cmd.error(`error: ${e.message}`, { exitCode: 2, code: "secure-api.usage" });
            throw e;
        }
    });

    auditCommand(program.command("audit")).action(async (flags: AuditFlags, cmd: Command) => {
        try {
            setExitCode(await runAudit(flags, io));
        } catch (e) {
            if (e instanceof UsageError) cmd.error(`error: ${e.message}`, { exitCode: 2, code: "secure-api.usage" });
            throw e;
        }
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
        readStdin: () => readStream(process.stdin),
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
