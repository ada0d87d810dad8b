// Reading the API key: from SSM on a real moto server (SecureString, so the
// decryption flag matters: without it moto returns "kms:alias/…:value"), and
// from `pulumi stack output` through an injected runner and a fake `pulumi`
// program on PATH.
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../test-support/moto";
import { apiKeyFromSsm, apiKeyFromStackOutput, CommandRunner, defaultApiKeyParameterName } from "./apiKey";

jest.setTimeout(60_000);

const KEY = "Zq3vT8pLm2Xc9Rw4Yb7Nd1Hs6Kf0Gj5AeUi8OoPt"; // 40 characters, made up
let moto: MotoServer;
let aws: { region: string; endpoint: string; credentials: typeof MOTO_CREDENTIALS };

beforeAll(async () => {
    moto = await startMoto();
    aws = { region: "eu-west-1", endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS };
});
afterAll(() => moto?.stop());
beforeEach(() => moto.reset());

async function putParameter(name: string, value: string) {
    const ssm = new SSMClient(aws);
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "SecureString" }));
    ssm.destroy();
}

describe("apiKeyFromSsm (moto)", () => {
    it("reads /{stackName}/api-key with decryption", async () => {
        await putParameter("/shop-dev/api-key", KEY);
        // Without decryption moto hands back a different string: the flag is what makes this pass.
        const ssm = new SSMClient(aws);
        const raw = await ssm.send(new GetParameterCommand({ Name: "/shop-dev/api-key" }));
        ssm.destroy();
        expect(raw.Parameter?.Value).not.toBe(KEY);

        await expect(apiKeyFromSsm({ ...aws, stackName: "shop-dev" })).resolves.toBe(KEY);
    });

    it("reads a named parameter", async () => {
        await putParameter("/custom/key-name", KEY);
        await expect(apiKeyFromSsm({ ...aws, parameterName: "/custom/key-name" })).resolves.toBe(KEY);
    });

    it("reads a SecureRestApi client's key (/{stackName}/api-key/{client}) and a rotated generation's (…/gen-N) next to the shared key", async () => {
        const partner = "partner-key-0123456789-abcdefghijklmn";
        const next = "partner-gen1-0123456789-abcdefghijklm";
        await putParameter("/shop-dev/api-key", KEY);
        await putParameter("/shop-dev/api-key/partner", partner);
        await putParameter("/shop-dev/api-key/partner/gen-1", next);
        await expect(apiKeyFromSsm({ ...aws, parameterName: "/shop-dev/api-key/partner" })).resolves.toBe(partner);
        await expect(apiKeyFromSsm({ ...aws, parameterName: "/shop-dev/api-key/partner/gen-1" })).resolves.toBe(next);
        await expect(apiKeyFromSsm({ ...aws, stackName: "shop-dev" })).resolves.toBe(KEY);
    });

    it("says which parameter is missing", async () => {
        await expect(apiKeyFromSsm({ ...aws, stackName: "nope" })).rejects.toThrow(/^SSM parameter \/nope\/api-key not found$/);
    });

    it("needs a name", async () => {
        await expect(apiKeyFromSsm({ ...aws })).rejects.toThrow("apiKeyFromSsm needs parameterName or stackName");
    });

    it("names the permissions when access is denied (a fault moto cannot produce)", async () => {
        const ssm = new SSMClient(aws);
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).rejects(
            Object.assign(new Error("User is not authorized to perform ssm:GetParameter"), { name: "AccessDeniedException" }),
        );
        await expect(apiKeyFromSsm({ stackName: "s", client: ssm })).rejects.toThrow(
            "not allowed to read SSM parameter /s/api-key: needs ssm:GetParameter and kms:Decrypt on its key",
        );
        mock.restore();
    });

    it("derives the default name", () => {
        expect(defaultApiKeyParameterName("my-app-dev")).toBe("/my-app-dev/api-key");
        expect(() => defaultApiKeyParameterName("")).toThrow("stackName must not be empty");
    });
});

describe("apiKeyFromStackOutput", () => {
    function runner(result: { exitCode: number; stdout: string; stderr?: string }) {
        const calls: { command: string; args: string[] }[] = [];
        const run: CommandRunner = async (command, args) => {
            calls.push({ command, args });
            return { stderr: "", ...result };
        };
        return { run, calls };
    }

    it("runs pulumi stack output --json --show-secrets APIKey and parses the JSON string", async () => {
        const { run, calls } = runner({ exitCode: 0, stdout: `${JSON.stringify(KEY)}\n` });
        await expect(apiKeyFromStackOutput({ run })).resolves.toBe(KEY);
        expect(calls).toEqual([{ command: "pulumi", args: ["stack", "output", "--json", "--show-secrets", "APIKey"] }]);
    });

    it("passes --stack and another output name", async () => {
        const { run, calls } = runner({ exitCode: 0, stdout: JSON.stringify(KEY) });
        await apiKeyFromStackOutput({ run, stack: "org/proj/dev", outputName: "OtherKey" });
        expect(calls[0].args).toEqual(["stack", "output", "--json", "--show-secrets", "--stack", "org/proj/dev", "OtherKey"]);
    });

    it("reports pulumi's failure from stderr", async () => {
        const { run } = runner({ exitCode: 255, stdout: "", stderr: "\nerror: current stack does not have output property 'APIKey'\n" });
        await expect(apiKeyFromStackOutput({ run })).rejects.toThrow(
            "pulumi stack output APIKey failed (exit 255): error: current stack does not have output property 'APIKey'",
        );
    });

    it("never echoes what pulumi printed when it is not a JSON string", async () => {
        for (const stdout of [`${KEY} not json`, JSON.stringify({ key: KEY }), "null"]) {
            const { run } = runner({ exitCode: 0, stdout });
            const error = await apiKeyFromStackOutput({ run }).catch((e: Error) => e);
            expect(error).toBeInstanceOf(Error);
            expect((error as Error).message).toMatch(
                /^(pulumi stack output APIKey did not print JSON|stack output APIKey is not a non-empty string)$/,
            );
            expect((error as Error).message).not.toContain(KEY);
        }
    });

    it("says clearly when the pulumi CLI is not on PATH (injected runner)", async () => {
        const run: CommandRunner = async () => {
            throw Object.assign(new Error("spawn pulumi ENOENT"), { code: "ENOENT" });
        };
        await expect(apiKeyFromStackOutput({ run })).rejects.toThrow(/^the pulumi CLI is not on PATH: install it/);
    });

    describe("with the real runner", () => {
        let dir: string;
        beforeAll(async () => {
            dir = await fs.mkdtemp(path.join(os.tmpdir(), "secure-api-pulumi-"));
        });
        afterAll(() => fs.rm(dir, { recursive: true, force: true }));

        it("says clearly when pulumi is not on PATH", async () => {
            await expect(apiKeyFromStackOutput({ env: { PATH: dir } })).rejects.toThrow(/^the pulumi CLI is not on PATH/);
        });

        it("runs a pulumi found on PATH, in the given directory", async () => {
            // A stand-in pulumi that checks its arguments and working directory.
            const fake = path.join(dir, "pulumi");
            await fs.writeFile(
                fake,
                `#!/bin/sh\n[ "$*" = "stack output --json --show-secrets --stack dev APIKey" ] || { echo "bad args: $*" >&2; exit 3; }\n` +
                    `[ "$(pwd)" = "${dir}" ] || { echo "bad cwd" >&2; exit 4; }\nprintf '"%s"\\n' "${KEY}"\n`,
                { mode: 0o755 },
            );
            await expect(apiKeyFromStackOutput({ stack: "dev", cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` } })).resolves.toBe(KEY);
        });
    });
});
