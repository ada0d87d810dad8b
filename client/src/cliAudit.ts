// `secure-api audit`: reads the live API as API Gateway serves it and compares
// it with what was deployed, from the stack's state (--stack, the default) or
// given (--rest-api-id, --stage, --expected). Exit 0 clean, 1 drift found, 2
// could not read (or a usage error). Read-only; never prints a key or secret.
import * as path from "path";
import { Command, Option } from "commander";
import { CommandRunner } from "./apiKey";
import { AuditExpectation, auditApis, exitCode, expectationsFromStack, renderTable, reportJson } from "./audit";
import { errorMessage } from "./awsConfig";
import { UsageError } from "./usageError";

export interface AuditFlags {
    stack?: string;
    cwd?: string;
    component?: string;
    restApiId?: string;
    stage?: string;
    expected?: string;
    deploymentId?: string;
    apiKeyId?: string[];
    region?: string;
    profile?: string;
    endpointUrl?: string;
    json?: boolean;
}

export interface AuditIO {
    stdout: { write(data: string): unknown };
    stderr: { write(text: string): unknown };
    env: NodeJS.ProcessEnv;
    runCommand: CommandRunner;
    readFile(path: string): Promise<Buffer>;
}

export const AUDIT_HELP = `
What is compared (docs/audit.md): every operation's security (API key, AWS_IAM,
authorizer, scopes) and integration in the deployed stage (GetExport) and in the
draft API (GetResources: a change not deployed yet is "latent"), the stage's
deployment, WAF, logs, tracing, client certificate and method settings, the
usage plans and keys on the stage, the resource policy, key source and endpoint,
and the custom domain's mapping and mutual TLS.

Exit status: 0 no drift; 1 drift found; 2 could not read everything (the
report names each missing permission) or a usage error.

Examples:
  # every secure API of the selected stack (run in the Pulumi project's directory)
  $ secure-api audit

  # one stack, machine-readable
  $ secure-api audit --stack prod --json > audit.json

  # an API without its stack: the document it was deployed from
  $ secure-api audit --rest-api-id a1b2c3d4e5 --stage prod --expected openapi.json --region eu-west-1
`;

function collect(value: string, previous: string[] | undefined): string[] {
    return [...(previous ?? []), value];
}

/** Adds the command's options to `command`; its action is set by the caller. */
export function auditCommand(command: Command): Command {
    return command
        .description("Compare the live API (as API Gateway serves it) with what was deployed; exit 0 clean, 1 drift, 2 could not read.")
        .addOption(
            new Option("--stack <stack>", "the Pulumi stack whose components to audit (else the selected stack)").conflicts("restApiId"),
        )
        .addOption(new Option("--cwd <dir>", "the Pulumi project's directory (for pulumi stack export)"))
        .addOption(new Option("--component <name>", "only the component with this resource name"))
        .addOption(new Option("--rest-api-id <id>", "audit this REST API instead of a stack's (with --stage and --expected)"))
        .addOption(new Option("--stage <name>", "with --rest-api-id: the stage"))
        .addOption(new Option("--expected <file>", "with --rest-api-id: the OpenAPI document the API was deployed from (JSON)"))
        .addOption(new Option("--deployment-id <id>", "with --rest-api-id: the deployment the stage must serve"))
        .addOption(
            new Option(
                "--api-key-id <id>",
                "with --rest-api-id: a key that must be enabled on a usage plan of the stage (repeatable)",
            ).argParser(collect),
        )
        .addOption(new Option("--region <region>", "the API's region (else the stack's, then AWS_REGION)"))
        .addOption(new Option("--profile <profile>", "AWS profile for the reads"))
        .addOption(new Option("--endpoint-url <url>", "endpoint for API Gateway (LocalStack, moto); also AWS_ENDPOINT_URL_API_GATEWAY"))
        .addOption(new Option("--json", "write the report as JSON"))
        .addHelpText("after", AUDIT_HELP);
}

/** The expectation given on the command line (--rest-api-id, --stage, --expected). */
async function givenExpectation(flags: AuditFlags, io: AuditIO): Promise<AuditExpectation> {
    if (!flags.stage || !flags.expected)
        throw new UsageError("--rest-api-id needs --stage and --expected (the OpenAPI document it was deployed from)");
    if (flags.component) throw new UsageError("--component applies to a stack's components, not to --rest-api-id");
    let text: string;
    try {
        text = (await io.readFile(flags.expected)).toString("utf8");
    } catch (e) {
        throw new UsageError(`--expected ${flags.expected}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch {
        throw new UsageError(
            `--expected ${flags.expected}: not JSON (give the OpenAPI document as JSON, e.g. the component's openApiDocument output)`,
        );
    }
    if (typeof document !== "object" || document === null || Array.isArray(document) || !("paths" in document)) {
        throw new UsageError(`--expected ${flags.expected}: not an OpenAPI document (no paths)`);
    }
    const apiKeys = flags.apiKeyId;
    return {
        name: path.basename(flags.expected),
        restApiId: flags.restApiId!,
        stageName: flags.stage,
        ...(flags.region ? { region: flags.region } : {}),
        document: document as Record<string, unknown>,
        ...(flags.deploymentId ? { deploymentId: flags.deploymentId } : {}),
        // Keys given: each must be enabled and attached to a plan covering the stage; any plan covering it is then "ours".
        ...(apiKeys ? { apiKeys: apiKeys.map(id => ({ id, enabled: true })) } : {}),
    };
}

export async function runAudit(flags: AuditFlags, io: AuditIO): Promise<number> {
    if (!flags.restApiId) {
        for (const f of ["stage", "expected", "deploymentId", "apiKeyId"] as const) {
            if (flags[f] !== undefined)
                throw new UsageError(`--${f.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)} applies with --rest-api-id only`);
        }
    }
    try {
        const expectations = flags.restApiId
            ? [await givenExpectation(flags, io)]
            : await expectationsFromStack({
                  stack: flags.stack,
                  cwd: flags.cwd,
                  component: flags.component,
                  env: io.env,
                  run: io.runCommand,
              });
        // --region wins; else the stack's region for each API, else the environment's.
        const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
        const audits = await auditApis(
            expectations.map(x => (region && (flags.region || !x.region) ? { ...x, region } : x)),
            { profile: flags.profile, endpoint: flags.endpointUrl },
        );
        io.stdout.write(flags.json ? reportJson(audits) : renderTable(audits));
        return exitCode(audits);
    } catch (e) {
        if (e instanceof UsageError) throw e;
        // Nothing could be audited (no stack, no components, no region): exit 2, "could not read".
        io.stderr.write(`error: ${errorMessage(e).replace(/\s+/g, " ")}\n`);
        return 2;
    }
}
