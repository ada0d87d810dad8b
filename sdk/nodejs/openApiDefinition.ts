// OpenAPI definition helper of the secure-api SDK. This file is not generated from
// schema.yaml: `make gen` copies it from
// provider/cmd/pulumi-gen-secure-api/overlays/nodejs/ into sdk/nodejs/ (edit it there).
//
//     new SecureRestApi("api", {
//         openApiDefinition: openApiDefinitionFromFile("openapi.yaml"),
//         operations: { getOrder: { handler: fn } },
//     });

import * as fs from "fs";
import * as path from "path";

/**
 * The text of an OpenAPI 3.0 or Swagger 2.0 definition file (JSON or YAML), for the
 * `openApiDefinition` input of SecureRestApi or IAMSecureRestApi. A relative path is
 * read from the program's directory (the working directory Pulumi runs it in).
 * The component parses and checks it when it is constructed (at `pulumi preview`).
 *
 * @param file The definition file, e.g. "openapi.yaml".
 * @throws Error when the file cannot be read.
 */
export function openApiDefinitionFromFile(file: string): string {
    const resolved = path.resolve(file);
    try {
        return fs.readFileSync(resolved, "utf8");
    } catch (e) {
        throw new Error(`openApiDefinitionFromFile: cannot read ${JSON.stringify(resolved)}: ${(e as Error).message}`);
    }
}
