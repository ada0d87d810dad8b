// The URL outputs of a stage, the same for every API kind: the stage's base URL,
// every route path's URL under it, and the same under a custom domain.
import * as pulumi from "@pulumi/pulumi";

export interface StageUrls {
    /** The stage's base URL, ending in "/". */
    readonly apiEndpoint: pulumi.Output<string>;
    /** The URL of every route path. */
    readonly routeUrls: pulumi.Output<Record<string, string>>;
    /** With a domain: the stage's URL under it, every route's, and the DNS target. */
    readonly domainUrl?: pulumi.Output<string>;
    readonly domainRouteUrls?: pulumi.Output<Record<string, string>>;
    readonly domainDnsTarget?: pulumi.Output<string>;
}

/** `domain.base` is https://{domainName}[/{basePath}] without a trailing "/" (edge/domain.ts domainBase). */
export function stageUrls(
    invokeUrl: pulumi.Output<string>,
    paths: readonly string[],
    domain: { readonly base: string; readonly dnsTarget: pulumi.Output<string> } | undefined,
): StageUrls {
    // AWS always reports a stage's invokeUrl, with or without a trailing "/"; a unit test's mocks may
    // leave it out: then the URLs are undefined, not a crash.
    const base = invokeUrl.apply(u => (u === undefined ? undefined : u.replace(/\/$/, "")));
    return {
        apiEndpoint: base.apply(b => (b === undefined ? b : `${b}/`)) as pulumi.Output<string>,
        routeUrls: base.apply(b => (b === undefined ? b : urlsOf(b, paths))) as pulumi.Output<Record<string, string>>,
        domainUrl: domain && pulumi.output(`${domain.base}/`),
        domainRouteUrls: domain && pulumi.output(urlsOf(domain.base, paths)),
        domainDnsTarget: domain?.dnsTarget,
    };
}

/** The URL of every path under a base URL (no trailing "/"). */
function urlsOf(base: string, paths: readonly string[]): Record<string, string> {
    return Object.fromEntries(paths.map(p => [p, `${base}${p}`]));
}
