// Two OpenAPI validators we did not write, for the documents the components
// render: swagger-parser (JavaScript, the REST tests' too) and the Python
// openapi-spec-validator (installed with moto[server], which uses it for API
// Gateway imports). A document both accept is valid OpenAPI 3.0 by two readings.
import { spawnSync } from "child_process";
import SwaggerParser from "@apidevtools/swagger-parser";

/** Resolves when swagger-parser accepts the document; rejects with its reason. */
export async function swaggerParserValidate(doc: unknown): Promise<void> {
    // It mutates what it validates: give it a copy.
    await SwaggerParser.validate(JSON.parse(JSON.stringify(doc)));
}

/** Undefined when openapi-spec-validator accepts the document, else its message. */
export function openApiSpecValidatorProblem(doc: unknown): string | undefined {
    const script = [
        "import json, sys",
        "from openapi_spec_validator import validate",
        "try:",
        "    validate(json.load(sys.stdin))",
        "except Exception as e:",
        "    print(type(e).__name__ + ': ' + str(e).splitlines()[0])",
        "    sys.exit(3)",
    ].join("\n");
    const run = spawnSync(process.env.SECURE_API_PYTHON ?? "python3", ["-c", script], { input: JSON.stringify(doc), encoding: "utf8" });
    if (run.error) throw new Error(`cannot run python3 for openapi-spec-validator: ${run.error.message}`);
    if (run.status === 0) return undefined;
    if (run.status === 3) return run.stdout.trim();
    throw new Error(`openapi-spec-validator could not run (pip install 'moto[server]' brings it): ${run.stderr.trim()}`);
}
