// What goes into the request: `--data @-` reads standard input as curl does,
// and a key with surrounding white space (piped from a file, `echo`) is
// trimmed; a key that cannot be a header value is refused without showing it.
import { Readable } from "stream";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { MOTO_CREDENTIALS } from "../../test-support/moto";
import { readStream } from "./cliBody";
import { cli, expectNoSecrets, KEY, REGION, useCliWorld } from "./cliHarness.testutil";

jest.setTimeout(60_000);

const world = useCliWorld();

describe("--data @- (standard input)", () => {
    it("sends standard input as the body, JSON content type when it parses", async () => {
        const readStdin = jest.fn(async () => Buffer.from('{"name":"from stdin"}\n'));
        const run = await cli(["call", "--api-key", KEY, "POST", world.url("/prod/items"), "--data", "@-"], { readStdin });
        expect(run.code).toBe(0);
        expect(readStdin).toHaveBeenCalledTimes(1);
        const received = world.api.last();
        expect(received.body.toString("utf8")).toBe('{"name":"from stdin"}\n');
        expect(received.headers["content-type"]).toBe("application/json");
    });

    it("sends binary standard input byte for byte, with -d and a given Content-Type", async () => {
        const bytes = Buffer.from([0, 1, 0xfe, 0xff, 0x0a]);
        const run = await cli(["call", "--api-key", KEY, "-H", "Content-Type: image/png", "-d", "@-", "PUT", world.url("/prod/img")], {
            readStdin: async () => bytes,
        });
        expect(run.code).toBe(0);
        expect(world.api.last().body.equals(bytes)).toBe(true);
        expect(world.api.last().headers["content-type"]).toBe("image/png");
    });

    it("readStream, what main uses for process.stdin, reads a stream to its end", async () => {
        await expect(readStream(Readable.from([Buffer.from("ab"), "cd", Buffer.from([0xff])]))).resolves.toEqual(
            Buffer.from([0x61, 0x62, 0x63, 0x64, 0xff]),
        );
    });
});

describe("a key with white space around it", () => {
    it("SECURE_API_KEY ending in a newline is sent trimmed", async () => {
        const run = await cli(["call", "GET", world.url()], { env: { SECURE_API_KEY: `${KEY}\n` } });
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
    });

    it("an SSM parameter ending in a newline is sent trimmed", async () => {
        const ssm = new SSMClient({ region: REGION, endpoint: world.moto.endpoint, credentials: MOTO_CREDENTIALS });
        await ssm.send(new PutParameterCommand({ Name: "/shop-dev/api-key-newline", Value: `${KEY}\r\n`, Type: "SecureString" }));
        ssm.destroy();
        const run = await cli(["call", ...world.aws(), "--api-key-param", "/shop-dev/api-key-newline", "GET", world.url()]);
        expect(run.code).toBe(0);
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
    });

    it("a line break inside the key is an error that does not show the key, and nothing is sent", async () => {
        const run = await cli(["call", "GET", world.url()], { env: { SECURE_API_KEY: `${KEY.slice(0, 20)}\n${KEY.slice(20)}` } });
        expect(run).toMatchObject({
            code: 1,
            stdout: "",
            stderr: "error: the API key contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the key is not shown)\n",
        });
        expect(world.api.requests).toHaveLength(0);
        expectNoSecrets(run, KEY.slice(0, 20), KEY.slice(20));
    });
});
