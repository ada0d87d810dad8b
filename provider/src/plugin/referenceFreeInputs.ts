// What the component answers for its own inputs, so that a program's SDK does
// not rebuild every resource reference among them once per occurrence.
//
// After a construct, Pulumi's Node and Python SDKs give the program's component
// object every input the engine did not answer for, round-tripped through
// serialization (Node: resolveOutputs in runtime/resource.js; Python:
// _resolve_outputs): each resource reference in it (every route's `handler`,
// an authorizer's function) is rebuilt as a resource object with its own
// getResource call to the engine, one after the other. At 150 routes on one
// Lambda that was 150 round trips after the component had answered, the whole
// growth of `up` with the number of routes (docs/benchmarks.md). The engine
// answers for a key the component's state holds, and that answer wins over the
// input, so the state carries each such input with every reference replaced by
// the resource's URN: the same shape, no reference left to rebuild. No
// program can see it (the SDKs declare no such output), and the engine does
// not store it (a component's outputs in the state are those it registers).
import * as pulumi from "@pulumi/pulumi";

/** The inputs that hold a resource reference (outside outputs), each with every reference replaced by its URN. */
export function referenceFreeInputs(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).flatMap(([k, v]) => (holdsReference(v) ? [[k, withUrns(v)]] : [])));
}

function holdsReference(v: unknown): boolean {
    if (pulumi.Resource.isInstance(v)) return true;
    if (pulumi.Output.isInstance(v) || v === null || typeof v !== "object") return false;
    return Object.values(v).some(holdsReference);
}

function withUrns(v: unknown): unknown {
    if (pulumi.Resource.isInstance(v)) return v.urn;
    if (pulumi.Output.isInstance(v) || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(withUrns);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withUrns(x)]));
}
