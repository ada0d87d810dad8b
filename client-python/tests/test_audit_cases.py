"""The audit's shared cases (test-support/audit-cases/), which the TypeScript
client runs too (client/src/audit/cases.test.ts): each expectation and snapshot
gives exactly the recorded audit and table, and each state gives the recorded
expectations. One case per kind of drift changes one thing of a clean API, so a
check taken out fails its case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secure_api_client.audit import FINDING_KINDS, compare_api, expectations_from_state, render_table, state_resources

CASES = Path(__file__).resolve().parents[2] / "test-support" / "audit-cases"
COMPARE = sorted((CASES / "compare").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", COMPARE, ids=[p.stem for p in COMPARE])
def test_compare_case(path: Path):
    case = load(path)
    audit = compare_api(case["expectation"], case["snapshot"])
    assert audit == case["audit"]
    assert render_table([audit]) == case["table"]


def test_a_case_for_every_kind_of_drift_finds_only_that_kind():
    names = {p.stem for p in COMPARE}
    for kind in FINDING_KINDS:
        assert kind in names, f"no case for {kind}"
        kinds = [f["kind"] for f in load(CASES / "compare" / f"{kind}.json")["audit"]["findings"]]
        assert kinds == ([kind, "api-key-detached"] if kind == "usage-plan-detached" else [kind])


def test_the_kinds_are_the_typescript_clients():
    text = (Path(__file__).resolve().parents[2] / "client" / "src" / "audit" / "types.ts").read_text(encoding="utf-8")
    block = text[text.index("FINDING_KINDS = ["):text.index("] as const;")]
    assert tuple(line.strip().strip('",') for line in block.splitlines()[1:] if line.strip()) == FINDING_KINDS


def test_expectations_from_the_state():
    state = load(CASES / "stack-state.json")
    assert expectations_from_state(state_resources(state["stackExport"])) == state["expectations"]
    assert expectations_from_state(state_resources(state["stackExport"]), state["component"]["name"]) == state["component"]["expectations"]
    shop, ops = expectations_from_state(state_resources(state["stackExport"]))
    assert compare_api(shop, load(CASES / "compare" / "clean-secure.json")["snapshot"])["findings"] == []
    assert compare_api(ops, load(CASES / "compare" / "clean-iam.json")["snapshot"])["findings"] == []
