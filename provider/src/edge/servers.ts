// The document's servers: where the API is served, always over HTTPS (API Gateway
// serves REST APIs on HTTPS only), so a reader never assumes a key or signature
// travels in clear (checkov's CKV_OPENAPI_20). The document is rendered before AWS
// names the API, so the execute-api host is a template whose variables are the
// API's id and region (the apiEndpoint output is the resolved URL); the base path is
// the stage. A custom domain is known at construction and listed as it is. With
// disableExecuteApiEndpoint the execute-api URL answers 403, so it is not listed.
// API Gateway does not read servers from a body it is PUT (basepath "ignore", its
// default), so they change nothing it serves.
import type { DocumentShare } from "../shared/openApiShare";
import { domainBase, DomainSettings } from "./domain";

export function serversShare(
    stageName: string,
    region: string | undefined,
    domain: Pick<DomainSettings, "domainName" | "basePath"> | undefined,
    disableExecuteApiEndpoint: boolean,
): DocumentShare {
    const servers: Record<string, unknown>[] = [];
    if (!disableExecuteApiEndpoint) {
        servers.push({
            url: "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}",
            description: "The stage's execute-api endpoint (the component's apiEndpoint output)",
            variables: {
                restApiId: { default: "restApiId", description: "The REST API's id, known once AWS creates it" },
                region: { default: region ?? "region", description: "The API's region" },
                basePath: { default: stageName },
            },
        });
    }
    if (domain) {
        servers.push({
            // Without a trailing "/", as servers are written (a path starts with one): https://{domain}[/{basePath}].
            url: domainBase(domain),
            description: "The custom domain (the component's domainUrl output, without its trailing /)",
        });
    }
    return { from: "servers", servers };
}
