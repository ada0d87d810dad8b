// A throwaway PKI for mutual-TLS tests, made with the openssl command line in
// a temporary directory: a CA, a server certificate for 127.0.0.1/localhost
// signed by it, a client certificate signed by it, and a client certificate
// from a second CA the server does not trust. Nothing here is a real secret.
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

export interface TestPki {
    dir: string;
    /** File names, PEM. */
    caCert: string;
    serverCert: string;
    serverKey: string;
    clientCert: string;
    clientKey: string;
    /** cert and key in one file (curl's --cert without --key). */
    clientCombined: string;
    /** A client certificate issued by a CA the server does not trust. */
    strangerCert: string;
    strangerKey: string;
    read(file: string): Buffer;
    remove(): void;
}

function openssl(dir: string, args: string[]): void {
    try {
        execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
        if (err.code === "ENOENT")
            throw new Error("the mutual-TLS tests need the openssl command on PATH to make their throwaway certificates");
        throw new Error(`openssl ${args.slice(0, 2).join(" ")} failed: ${err.stderr?.toString() ?? err.message}`);
    }
}

function ca(dir: string, name: string): void {
    openssl(dir, [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        `/CN=${name}`,
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.pem`,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
}

function leaf(dir: string, name: string, issuer: string, extensions: string): void {
    openssl(dir, [
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        `/CN=${name}`,
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.csr`,
    ]);
    writeFileSync(path.join(dir, `${name}.ext`), extensions);
    openssl(dir, [
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        `${issuer}.pem`,
        "-CAkey",
        `${issuer}.key`,
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.pem`,
    ]);
}

export function makeTestPki(): TestPki {
    const dir = mkdtempSync(path.join(os.tmpdir(), "secure-api-pki-"));
    ca(dir, "test-ca");
    ca(dir, "stranger-ca");
    leaf(dir, "server", "test-ca", "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    leaf(dir, "client", "test-ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
    leaf(dir, "stranger", "stranger-ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
    const file = (name: string) => path.join(dir, name);
    writeFileSync(file("client-combined.pem"), Buffer.concat([readFileSync(file("client.pem")), readFileSync(file("client.key"))]));
    return {
        dir,
        caCert: file("test-ca.pem"),
        serverCert: file("server.pem"),
        serverKey: file("server.key"),
        clientCert: file("client.pem"),
        clientKey: file("client.key"),
        clientCombined: file("client-combined.pem"),
        strangerCert: file("stranger.pem"),
        strangerKey: file("stranger.key"),
        read: (f: string) => readFileSync(f),
        remove: () => rmSync(dir, { recursive: true, force: true }),
    };
}
