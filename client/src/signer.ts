// SigV4 signing for IAM-authorized APIs. AWS's own signer does the work; this
// module only fixes its settings for API Gateway and finds the API's region.
import { Sha256 } from "@aws-crypto/sha256-js";
import type { IHttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials } from "./awsConfig";

/** API Gateway's signing name for invoking an API. */
export const EXECUTE_API_SERVICE = "execute-api";

export interface SignOptions {
    credentials: Credentials;
    region: string;
    /** Signing name; `execute-api` unless testing against other services' vectors. */
    service?: string;
    /** The request time to sign for; now when absent. */
    signingDate?: Date;
}

/**
 * Signs `request` (whose `path` is exactly what goes on the wire and whose
 * `query` is the decoded parameter map) and returns a signed copy carrying
 * `authorization`, `x-amz-date` and, for temporary credentials,
 * `x-amz-security-token`.
 */
export async function signRequest(request: IHttpRequest, options: SignOptions): Promise<IHttpRequest> {
    if (!options.region) throw new Error("signRequest needs the API's region");
    const signer = new SignatureV4({
        service: options.service ?? EXECUTE_API_SERVICE,
        region: options.region,
        credentials: options.credentials,
        sha256: Sha256,
        // API Gateway needs no x-amz-content-sha256 header (the payload hash is
        // part of the canonical request either way); leaving it out keeps the
        // signed headers to what AWS's test suite expects.
        applyChecksum: false,
    });
    return signer.sign(request, options.signingDate ? { signingDate: options.signingDate } : {});
}

// {api-id}.execute-api.{region}.amazonaws.com, the private-API forms with a
// VPC endpoint id, and the China partition's .amazonaws.com.cn.
const EXECUTE_API_HOST = /^[a-z0-9-]+\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/i;

/** The region named by an execute-api URL's host; undefined for custom domains and other hosts. */
export function regionFromUrl(url: string | URL): string | undefined {
    let host: string;
    try {
        host = (typeof url === "string" ? new URL(url) : url).hostname;
    } catch {
        return undefined;
    }
    return EXECUTE_API_HOST.exec(host)?.[1]?.toLowerCase();
}
