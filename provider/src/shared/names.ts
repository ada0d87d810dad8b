// AWS limits some names (IAM role names to 64 characters, ...). Rather than let
// AWS reject a long {stackName}-derived name at deploy time, names are shortened
// deterministically: the same input always gives the same name, and two long
// names that share a prefix still differ by their hash suffix.
import { createHash } from "crypto";

export function shortHash(text: string, length = 8): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** `name` itself if it fits in `max` characters, else a prefix + "-" + an 8-hex hash of the whole name. */
export function fitName(name: string, max: number): string {
    if (name.length <= max) return name;
    const hash = shortHash(name);
    return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/** Limits AWS puts on the names this package derives. */
export const NAME_LIMITS = {
    iamRole: 64,
    iamUser: 64,
    iamPolicy: 128,
    secretsManagerSecret: 512,
    ssmParameter: 1011,
    apiGatewayName: 1024,
    lambdaStatementId: 100,
} as const;
