import * as pulumi from "@pulumi/pulumi";
import { shareReferences } from "./resourceRefs";

// A resource reference as it arrives on the wire.
const ref = (urn: string) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialResourceSig, urn, packageVersion: "" });
const URN = (name: string) => `urn:pulumi:dev::p::fakepkg:things/thing:Thing::${name}`;

test("one deserialization pass yields one object per URN; the next pass builds anew", async () => {
    const built: string[] = [];
    pulumi.runtime.registerResourceModule("fakepkg", "things/thing", {
        construct: (name: string, _type: string, urn: string) => {
            built.push(name);
            return { urn, name, n: built.length } as unknown as pulumi.Resource;
        },
    });
    shareReferences("fakepkg", "things/thing");
    shareReferences("fakepkg", "things/thing"); // idempotent: not wrapped twice

    const first = pulumi.runtime.deserializeProperty([ref(URN("a")), ref(URN("a")), ref(URN("b")), ref(URN("a"))]) as object[];
    expect(built).toEqual(["a", "b"]);
    expect(first[0]).toBe(first[1]);
    expect(first[0]).toBe(first[3]);
    expect(first[2]).not.toBe(first[0]);

    await Promise.resolve(); // the pass is over
    const second = pulumi.runtime.deserializeProperty([ref(URN("a"))]) as object[];
    expect(built).toEqual(["a", "b", "a"]);
    expect(second[0]).not.toBe(first[0]);
});

test("a package that registered no module is a clear error", () => {
    expect(() => shareReferences("nopkg", "none/none")).toThrow("no resource module is registered for nopkg:none/none");
});
