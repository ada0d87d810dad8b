// Mutual TLS: the library's tls option and the CLI's --cert/--key/--cacert
// against an HTTPS recording server that, like a custom domain with a
// truststore, only completes the handshake with a client certificate issued
// by its CA. The certificates are made at test time with openssl
// (test-support/testPki.ts).
import { type HttpsRecordingServer, startHttpsRecordingServer } from "../../test-support/httpsRecordingServer";
import { makeTestPki, type TestPki } from "../../test-support/testPki";
import { cli, KEY } from "./cliHarness.testutil";
import { callApi } from "./request";

jest.setTimeout(60_000);

let pki: TestPki;
let api: HttpsRecordingServer;
const readFile = async (file: string) => pki.read(file);

beforeAll(async () => {
    pki = makeTestPki();
    api = await startHttpsRecordingServer({ cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey), clientCa: pki.read(pki.caCert) });
});
afterAll(async () => {
    await api?.close();
    pki?.remove();
});
beforeEach(() => api.reset());

describe("library: tls", () => {
    it("presents the client certificate and trusts the server through ca", async () => {
        const res = await callApi({
            url: `${api.url}/prod/hello`,
            auth: { apiKey: KEY },
            tls: { cert: pki.read(pki.clientCert), key: pki.read(pki.clientKey), ca: pki.read(pki.caCert) },
        });
        expect(res.status).toBe(200);
        expect(api.last()).toMatchObject({ url: "/prod/hello", clientCertCN: "client" });
        expect(api.last().headers["x-api-key"]).toBe(KEY);
    });

    it("without a client certificate the handshake fails, and the error says a certificate may be needed", async () => {
        await expect(callApi({ url: `${api.url}/prod/hello`, tls: { ca: pki.read(pki.caCert) } })).rejects.toThrow(
            new RegExp(
                `^the TLS handshake with the API at ${api.url} failed \\((EPROTO|ERR_SSL_[A-Z0-9_]+)\\): the server may require a client certificate \\(mutual TLS\\): give one with --cert and --key$`,
            ),
        );
        expect(api.requests).toHaveLength(0);
    });

    it("a certificate from another CA is refused by the server, and the error says so", async () => {
        await expect(
            callApi({
                url: `${api.url}/prod/hello`,
                tls: { cert: pki.read(pki.strangerCert), key: pki.read(pki.strangerKey), ca: pki.read(pki.caCert) },
            }),
        ).rejects.toThrow(
            // TLS 1.3: the server hangs up after the client's part of the handshake, which the client may see as a reset.
            /(failed \((EPROTO|ERR_SSL_[A-Z0-9_]+)\): the server did not accept|closed the connection \(ECONNRESET\): the server may not have accepted) the client certificate \(--cert\/--key\)/,
        );
        expect(api.requests).toHaveLength(0);
        expect(api.tlsErrors.length).toBeGreaterThan(0);
    });

    it("without ca the server's certificate is not trusted", async () => {
        await expect(
            callApi({ url: `${api.url}/`, tls: { cert: pki.read(pki.clientCert), key: pki.read(pki.clientKey) } }),
        ).rejects.toThrow(
            new RegExp(
                `^the API's certificate at ${api.url} is not trusted \\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\\): check the URL, or give the CA that issued it \\(--cacert\\)$`,
            ),
        );
        expect(api.requests).toHaveLength(0);
    });

    it("refuses a key that does not match the certificate, a lone cert, and http://, before connecting", async () => {
        await expect(
            callApi({ url: `${api.url}/`, tls: { cert: pki.read(pki.clientCert), key: pki.read(pki.strangerKey) } }),
        ).rejects.toThrow(/^cannot use the client certificate and key: .*key values mismatch/);
        await expect(callApi({ url: `${api.url}/`, tls: { cert: pki.read(pki.clientCert) } })).rejects.toThrow(
            "a client certificate needs both cert and key",
        );
        await expect(callApi({ url: "http://127.0.0.1:9/", tls: { ca: pki.read(pki.caCert) } })).rejects.toThrow(
            "a client certificate or CA (tls) needs an https:// URL",
        );
        expect(api.requests).toHaveLength(0);
    });
});

describe("CLI: --cert, --key, --cacert", () => {
    it("--cert/--key/--cacert: exit 0, the server saw the certificate; --verbose names the subject, not the key", async () => {
        const run = await cli(
            ["call", "--cert", pki.clientCert, "--key", pki.clientKey, "--cacert", pki.caCert, "-v", "GET", `${api.url}/prod/hello`],
            { readFile },
        );
        expect(run).toMatchObject({ code: 0, stdout: '{"ok":true}' });
        expect(api.last().clientCertCN).toBe("client");
        expect(run.stderr).toContain(`* tls: client certificate from ${pki.clientCert}, subject CN=client\n`);
        expect(run.stderr).not.toContain("PRIVATE KEY");
    });

    it("--cert alone reads the key from the same file, as curl does", async () => {
        const run = await cli(
            ["call", "--cert", pki.clientCombined, "--cacert", pki.caCert, "--bearer", "tok", "GET", `${api.url}/prod/x`],
            { readFile },
        );
        expect(run.code).toBe(0);
        expect(api.last()).toMatchObject({ clientCertCN: "client", headers: expect.objectContaining({ authorization: "Bearer tok" }) });
    });

    it("no certificate: exit 1 and the handshake reason", async () => {
        const run = await cli(["call", "--cacert", pki.caCert, "GET", `${api.url}/prod/hello`], { readFile });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            /^error: the TLS handshake with the API at https:\/\/127\.0\.0\.1:\d+ failed \(.+\): the server may require a client certificate \(mutual TLS\): give one with --cert and --key\n$/,
        );
    });

    it.each([
        ["--key without --cert", () => ["--key", pki.clientKey], () => "error: --key needs --cert"],
        [
            "a missing file",
            () => ["--cert", "/nonexistent/client.pem", "--key", pki.clientKey],
            () => "error: cannot read --cert file /nonexistent/client.pem: ENOENT",
        ],
        [
            "--cert without a key in it",
            () => ["--cert", pki.clientCert],
            () =>
                `error: --cert ${pki.clientCert} (no --key: the key is read from the same file): cannot use the client certificate and key: `,
        ],
        [
            "a key of another certificate",
            () => ["--cert", pki.clientCert, "--key", pki.strangerKey],
            () => `error: --cert ${pki.clientCert} / --key ${pki.strangerKey}: cannot use the client certificate and key: `,
        ],
        [
            "--cacert that is not a certificate",
            () => ["--cacert", pki.clientKey],
            () => `error: --cacert ${pki.clientKey}: cannot use the CA certificate: `,
        ],
    ])("%s: usage error (exit 2), nothing sent", async (_name, args, message) => {
        const run = await cli(["call", ...args(), "GET", `${api.url}/`], { readFile });
        expect(run.code).toBe(2);
        expect(run.stderr.startsWith(message())).toBe(true);
        expect(run.stderr).not.toContain("PRIVATE KEY");
        expect(api.requests).toHaveLength(0);
        expect(api.tlsErrors).toHaveLength(0);
    });

    it("--cert with an http:// URL is a usage error", async () => {
        const run = await cli(["call", "--cert", pki.clientCert, "--key", pki.clientKey, "GET", "http://127.0.0.1:9/"], { readFile });
        expect(run).toMatchObject({ code: 2, stderr: "error: --cert, --key and --cacert need an https:// URL\n" });
    });
});
