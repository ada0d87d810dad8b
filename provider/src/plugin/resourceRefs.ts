// An SDK program sends each route's handler as a resource reference, and the
// provider server rebuilds every occurrence as a resource object of its own:
// one engine round trip (getResource) and one full stack trace each, so N
// routes on one Lambda made N objects (about a tenth of the plugin's CPU in
// a preview at N = 50; bench: engine). The server deserializes one construct
// request's inputs in a single synchronous pass; within that pass, every
// reference to the same URN now yields the same object, as in a program that
// passes one function to every route.
import * as pulumi from "@pulumi/pulumi";

const SHARED = Symbol("secure-api:sharedReferences");

/** Makes `pkg:mod`'s registered resource module hand out one object per URN per deserialization pass. */
export function shareReferences(pkg: string, mod: string): void {
    const module = pulumi.runtime.getResourceModule(pkg, mod, undefined) as
        (pulumi.runtime.ResourceModule & { [SHARED]?: true }) | undefined;
    if (!module) throw new Error(`no resource module is registered for ${pkg}:${mod}: import its @pulumi package first`);
    if (module[SHARED]) return;
    const construct = module.construct.bind(module);
    let pass: Map<string, pulumi.Resource> | undefined;
    module.construct = (name, type, urn) => {
        if (!pass) {
            pass = new Map();
            queueMicrotask(() => (pass = undefined)); // the pass is over at the next microtask
        }
        let resource = pass.get(urn);
        if (!resource) pass.set(urn, (resource = construct(name, type, urn)));
        return resource;
    };
    module[SHARED] = true;
}
