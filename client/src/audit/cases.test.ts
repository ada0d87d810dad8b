// The audit's shared cases (test-support/audit-cases/), which the Python client
// runs too (client-python/tests/test_audit_cases.py): each expectation and
// snapshot gives exactly the recorded audit and table, and each state gives
// the recorded expectations. One case per kind of drift changes one thing of a
// clean API, so a check taken out fails its case.
import * as fs from "fs";
import * as path from "path";
import { compareApi, expectationsFromState, FINDING_KINDS, renderTable, stateResources } from ".";

const DIR = path.join(__dirname, "..", "..", "..", "test-support", "audit-cases");
const cases = fs
    .readdirSync(path.join(DIR, "compare"))
    .filter(f => f.endsWith(".json"))
    .map(f => ({ name: f.replace(/\.json$/, ""), ...JSON.parse(fs.readFileSync(path.join(DIR, "compare", f), "utf8")) }));

describe("compareApi on the shared cases", () => {
    it.each(cases.map(c => [c.name, c]))("%s", (_name, c) => {
        const audit = compareApi(c.expectation, c.snapshot);
        expect(audit).toEqual(c.audit);
        expect(renderTable([audit])).toBe(c.table);
    });

    it("has a case for every kind of drift, in which that kind is the only one found", () => {
        for (const kind of FINDING_KINDS) {
            const c = cases.find(x => x.name === kind);
            expect([kind, c?.audit.findings.map((f: { kind: string }) => f.kind)]).toEqual([
                kind,
                kind === "usage-plan-detached" ? [kind, "api-key-detached"] : [kind],
            ]);
        }
    });

    it("the clean APIs audit clean, and a latent change is reported as latent", () => {
        for (const name of ["clean-secure", "clean-iam"]) expect(cases.find(c => c.name === name).audit.drift).toBe(false);
        const latent = cases.find(c => c.name === "latent-operation-open").audit.findings;
        expect(latent.map((f: { kind: string; latent: boolean; target: string }) => [f.kind, f.latent, f.target])).toEqual([
            ["operation-open", true, "GET /hello"],
        ]);
    });
});

describe("expectationsFromState on the shared stack export", () => {
    const state = JSON.parse(fs.readFileSync(path.join(DIR, "stack-state.json"), "utf8"));

    it("gives one expectation per REST API component, from its children's state", () => {
        expect(expectationsFromState(stateResources(state.stackExport))).toEqual(state.expectations);
        expect(expectationsFromState(stateResources(state.stackExport), state.component.name)).toEqual(state.component.expectations);
    });

    it("never reads a secret: the state's ciphertexts appear nowhere in the expectations", () => {
        const text = JSON.stringify(state.expectations);
        expect(text).not.toMatch(/ciphertext|v1:(abc|def|ghi|jkl|mno)/);
    });

    it("the expectation from the state audits the recorded clean snapshots clean", () => {
        const [shop, ops] = expectationsFromState(stateResources(state.stackExport));
        const snapshot = (name: string) => cases.find(c => c.name === name).snapshot;
        expect(compareApi(shop, snapshot("clean-secure")).findings).toEqual([]);
        expect(compareApi(ops, snapshot("clean-iam")).findings).toEqual([]);
    });
});
