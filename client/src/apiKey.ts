// Where a SecureRestApi's key can be read from: the SSM parameter the component
// keeps it in, or the Pulumi stack output `APIKey`. Errors name the parameter
// or output, never the value.
import { spawn } from "child_process";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AwsOptions, awsErrorName, awsErrorText, errorMessage, isAccessDenied, sdkClientConfig } from "./awsConfig";

/** The parameter SecureRestApi uses unless `apiKeyParameterName` says otherwise. */
export function defaultApiKeyParameterName(stackName: string): string {
    if (!stackName) throw new Error("stackName must not be empty");
    return `/${stackName}/api-key`;
}

export interface ApiKeyFromSsmOptions extends AwsOptions {
    /** The parameter's name; else derived from `stackName`. */
    parameterName?: string;
    /** The component's stackName: the parameter is then `/{stackName}/api-key`. */
    stackName?: string;
    /** An SSM client to use instead of one built from the AwsOptions. */
    client?: SSMClient;
}

/** Reads the key from SSM Parameter Store (a SecureString, so WithDecryption). */
export async function apiKeyFromSsm(options: ApiKeyFromSsmOptions): Promise<string> {
    const name = options.parameterName ?? (options.stackName !== undefined ? defaultApiKeyParameterName(options.stackName) : undefined);
    if (!name) throw new Error("apiKeyFromSsm needs parameterName or stackName");
    const client = options.client ?? new SSMClient(sdkClientConfig(options));
    let value: string | undefined;
    try {
        const out = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        value = out.Parameter?.Value;
    } catch (e) {
        if (awsErrorName(e) === "ParameterNotFound") throw new Error(`SSM parameter ${name} not found`);
        if (isAccessDenied(e)) {
            throw new Error(
                `not allowed to read SSM parameter ${name}: needs ssm:GetParameter and kms:Decrypt on its key (${awsErrorText(e)})`,
            );
        }
        throw new Error(`cannot read SSM parameter ${name}: ${awsErrorText(e, "SSM", options.endpoint)}`);
    } finally {
        if (!options.client) client.destroy();
    }
    if (!value) throw new Error(`SSM parameter ${name} is empty`);
    return value;
}

export interface CommandResult {
    exitCode: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs a program without a shell. Rejects with an error whose `code` is
 * "ENOENT" when the program is not on PATH. Injected so tests need no Pulumi.
 */
export type CommandRunner = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) => Promise<CommandResult>;

export const runCommand: CommandRunner = (command, args, options) =>
    new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (d: Buffer) => out.push(d));
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.on("error", reject);
        child.on("close", code =>
            resolve({ exitCode: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
        );
    });

export interface ApiKeyFromStackOutputOptions {
    /** `--stack` for pulumi; the currently selected stack when absent. */
    stack?: string;
    /** Output name; the examples and the demo export `APIKey`. */
    outputName?: string;
    /** Directory of the Pulumi project. */
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    run?: CommandRunner;
}

/** Reads the key with `pulumi stack output --json --show-secrets APIKey`. */
export async function apiKeyFromStackOutput(options: ApiKeyFromStackOutputOptions = {}): Promise<string> {
    const output = options.outputName ?? "APIKey";
    const args = ["stack", "output", "--json", "--show-secrets", ...(options.stack ? ["--stack", options.stack] : []), output];
    const run = options.run ?? runCommand;
    let result: CommandResult;
    try {
        result = await run("pulumi", args, { cwd: options.cwd, env: options.env });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") {
            throw new Error(
                "the pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) or pass the key another way (--api-key, --api-key-param)",
            );
        }
        throw new Error(`cannot run pulumi: ${errorMessage(e)}`);
    }
    if (result.exitCode !== 0) {
        // stderr names the problem (no stack selected, no such output); stdout is never echoed as it may hold the key.
        const reason =
            result.stderr
                .split("\n")
                .map(l => l.trim())
                .find(l => l.length > 0) ?? "no message";
        throw new Error(`pulumi stack output ${output} failed (exit ${result.exitCode}): ${reason}`);
    }
    let value: unknown;
    try {
        value = JSON.parse(result.stdout);
    } catch {
        throw new Error(`pulumi stack output ${output} did not print JSON`);
    }
    if (typeof value !== "string" || value.length === 0) {
        throw new Error(`stack output ${output} is not a non-empty string`);
    }
    return value;
}
