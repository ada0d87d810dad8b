// Turns SDK-side inputs into exactly what a provider's construct receives:
// serialized as an SDK serializes a remote component's inputs (resource
// references, output values, secrets, per-property dependencies), then
// deserialized by @pulumi/pulumi's own provider server code.
import * as pulumi from "@pulumi/pulumi";
import * as gstruct from "google-protobuf/google/protobuf/struct_pb";

// Exported by the provider server module but missing from its typings.

const server = require("@pulumi/pulumi/provider/server") as {
    deserializeInputs(s: gstruct.Struct, deps: Map<string, { getUrnsList(): string[] }>): Promise<pulumi.Inputs>;
};

export interface WireForm {
    /** The serialized inputs as they travel (JSON-like, with Pulumi's special signatures). */
    serialized: Record<string, unknown>;
    /** Per-property dependency URNs, as the SDK sends them. */
    dependencies: Record<string, string[]>;
}

export async function toWire(inputs: pulumi.Inputs): Promise<WireForm> {
    const [serialized, deps] = await pulumi.runtime.serializeResourceProperties("wire", inputs, { keepOutputValues: true });
    const dependencies: Record<string, string[]> = {};
    for (const [key, resources] of deps) {
        dependencies[key] = await Promise.all([...resources].map(r => (r.urn as unknown as { promise(): Promise<string> }).promise()));
    }
    return { serialized, dependencies };
}

export async function fromWire(wire: WireForm): Promise<pulumi.Inputs> {
    const deps = new Map(Object.entries(wire.dependencies).map(([k, urns]) => [k, { getUrnsList: () => urns }]));
    return server.deserializeInputs(gstruct.Struct.fromJavaScript(wire.serialized as never), deps);
}

/** SDK inputs → what construct receives. */
export async function asConstructInputs(inputs: pulumi.Inputs): Promise<pulumi.Inputs> {
    return fromWire(await toWire(inputs));
}
