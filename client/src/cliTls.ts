// `secure-api call --cert FILE [--key FILE] [--cacert FILE]`, as curl spells
// them: PEM files for a client certificate (mutual TLS) and the CA to trust
// the API's certificate with. Without --key the key is read from the --cert
// file (one PEM holding both), as curl does.
import { X509Certificate } from "crypto";
import { type ClientTls, checkClientTls } from "./request";
import { UsageError } from "./usageError";

export interface TlsFlags {
    cert?: string;
    key?: string;
    cacert?: string;
}

export interface TlsSources {
    readFile(path: string): Promise<Buffer>;
}

async function read(option: string, file: string, sources: TlsSources): Promise<Buffer> {
    try {
        return await sources.readFile(file);
    } catch (e) {
        throw new UsageError(`cannot read ${option} file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
}

/** The TLS options of a call, read and checked before anything is sent; undefined when none were given. */
export async function clientTls(
    flags: TlsFlags,
    url: string,
    sources: TlsSources,
    say: (line: string) => void,
): Promise<ClientTls | undefined> {
    if (!flags.cert && !flags.key && !flags.cacert) return undefined;
    if (flags.key && !flags.cert) throw new UsageError("--key needs --cert");
    if (new URL(url).protocol !== "https:") throw new UsageError("--cert, --key and --cacert need an https:// URL");
    const tls: ClientTls = {};
    if (flags.cert) {
        tls.cert = await read("--cert", flags.cert, sources);
        tls.key = flags.key ? await read("--key", flags.key, sources) : tls.cert;
    }
    if (flags.cacert) tls.ca = await read("--cacert", flags.cacert, sources);
    try {
        checkClientTls(tls);
    } catch (e) {
        const which = flags.cert
            ? `--cert ${flags.cert}${flags.key ? ` / --key ${flags.key}` : " (no --key: the key is read from the same file)"}`
            : `--cacert ${flags.cacert}`;
        throw new UsageError(`${which}: ${(e as Error).message}`);
    }
    if (tls.cert) {
        let subject = "";
        try {
            subject = `, subject ${new X509Certificate(tls.cert).subject.replace(/\n/g, ", ")}`;
        } catch {
            /* checkClientTls accepted it; the subject is only shown */
        }
        say(`* tls: client certificate from ${flags.cert}${subject}`);
    }
    if (tls.ca) say(`* tls: trusting the CA certificates in ${flags.cacert}`);
    return tls;
}
