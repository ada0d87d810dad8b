// REST API settings users reach for: binaryMediaTypes and minimumCompressionSize.
// Both belong to the API, and a stage serves them only from a deployment made
// after they change ("For an existing API, you must deploy the API after enabling
// the compression", API Gateway developer guide; binary media types likewise),
// so they are in the API's document (apiOptionsShare), whose hash is the
// deployment's trigger, and only when given.
import type * as aws from "@pulumi/aws";
import type { InputChecker } from "../shared/inputErrors";
import type { DocumentShare } from "../shared/openApiShare";
import type { SecureRestApiArgs } from "../shared/schema-types";

/** API Gateway's range for minimumCompressionSize (10 MiB); -1 removes a size set before (the aws provider's way to turn compression off). */
export const COMPRESSION_SIZE = { off: -1, max: 10_485_760 } as const;

// RFC 6838 type/subtype characters, plus API Gateway's "*" wildcards (*/*, image/*).
const MEDIA_TYPE = /^[A-Za-z0-9*][A-Za-z0-9!#$&^_.+*-]*\/[A-Za-z0-9*][A-Za-z0-9!#$&^_.+*-]*$/;

export interface ApiOptions {
    readonly binaryMediaTypes?: readonly string[];
    readonly minimumCompressionSize?: number;
}

export function apiOptions(args: Pick<SecureRestApiArgs, "binaryMediaTypes" | "minimumCompressionSize">, check: InputChecker): ApiOptions {
    const types = args.binaryMediaTypes;
    if (types !== undefined) {
        if (!Array.isArray(types)) {
            check.fail("binaryMediaTypes", types, "must be a list of media types such as image/png or */*");
        } else {
            const seen = new Set<string>();
            types.forEach((t, i) => {
                if (typeof t !== "string" || !MEDIA_TYPE.test(t)) {
                    check.fail(
                        `binaryMediaTypes[${i}]`,
                        t,
                        "must be a media type type/subtype, such as image/png, application/octet-stream or */*",
                    );
                } else if (seen.has(t.toLowerCase())) {
                    check.fail(`binaryMediaTypes[${i}]`, t, "is listed twice");
                }
                if (typeof t === "string") seen.add(t.toLowerCase());
            });
        }
    }
    const size = args.minimumCompressionSize;
    if (size !== undefined && (!Number.isSafeInteger(size) || size < COMPRESSION_SIZE.off || size > COMPRESSION_SIZE.max)) {
        check.fail(
            "minimumCompressionSize",
            size,
            `must be a whole number of bytes from 0 to ${COMPRESSION_SIZE.max}, or -1 to turn compression off`,
        );
    }
    return { binaryMediaTypes: Array.isArray(types) ? types : undefined, minimumCompressionSize: size };
}

/** The options' share of the document: what API Gateway would otherwise reset on an overwrite. -1 (off) is the absence of the setting. */
export function apiOptionsShare(o: ApiOptions): DocumentShare | undefined {
    const extensions: Record<`x-amazon-apigateway-${string}`, unknown> = {};
    if (o.binaryMediaTypes?.length) extensions["x-amazon-apigateway-binary-media-types"] = [...o.binaryMediaTypes];
    if (o.minimumCompressionSize !== undefined && o.minimumCompressionSize !== COMPRESSION_SIZE.off) {
        extensions["x-amazon-apigateway-minimum-compression-size"] = o.minimumCompressionSize;
    }
    return Object.keys(extensions).length ? { from: "API options", extensions } : undefined;
}

/** The RestApi's arguments for these options; nothing when none is given. */
export function restApiOptionArgs(o: ApiOptions): Pick<aws.apigateway.RestApiArgs, "binaryMediaTypes" | "minimumCompressionSize"> {
    return {
        ...(o.binaryMediaTypes !== undefined ? { binaryMediaTypes: [...o.binaryMediaTypes] } : {}),
        // The aws provider takes the size as a string ("-1" to "10485760").
        ...(o.minimumCompressionSize !== undefined ? { minimumCompressionSize: String(o.minimumCompressionSize) } : {}),
    };
}
