"""The audit's two outputs: a table for people and JSON for machines, printed
exactly as the TypeScript client prints them (client/src/audit/report.ts). No
key value or secret ever reaches them: the snapshot never holds one."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence

_CELL = 48


def exit_code(audits: Sequence[Dict[str, Any]]) -> int:
    """0 clean, 1 drift found, 2 could not read (and no drift found)."""
    if any(a["drift"] for a in audits):
        return 1
    if any(a["unread"] for a in audits):
        return 2
    return 0


def _cut(s: str) -> str:
    return f"{s[:_CELL - 3]}..." if len(s) > _CELL else s


def _table(rows: List[List[str]]) -> List[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [("  " + "  ".join(c if i == len(r) - 1 else c.ljust(widths[i]) for i, c in enumerate(r))).rstrip() for r in rows]


def _heading(a: Dict[str, Any]) -> str:
    where = f"REST API {a['restApiId']} stage {a['stageName']}" + (f" ({a['region']})" if a.get("region") else "")
    n = len(a["findings"])
    if a["drift"]:
        what = f"DRIFT: {n} difference{'' if n == 1 else 's'}"
    elif a["unread"]:
        what = "INCOMPLETE: no drift in what could be read"
    else:
        what = f"no drift ({len(a['operations'])} operations as deployed)"
    return f"{a['name']}: {where}: {what}"


def render_table(audits: Sequence[Dict[str, Any]]) -> str:
    lines: List[str] = []
    for a in audits:
        lines.append(_heading(a))
        if a["findings"]:
            rows = [["KIND", "TARGET", "EXPECTED", "LIVE"]]
            for f in a["findings"]:
                rows.append([f"{f['kind']} (latent)" if f["latent"] else f["kind"], _cut(f["target"]), _cut(f["expected"]), _cut(f["live"])])
            lines.extend(_table(rows))
            lines.extend(f"  - {f['message']}" for f in a["findings"])
        lines.extend(f"  could not read {u['what']}: needs {u['permission']} ({u['error']})" for u in a["unread"])
        lines.extend(f"  note: {n}" for n in a["notes"])
    code = exit_code(audits)
    drifted = sum(1 for a in audits if a["drift"])
    verdict = {0: "clean (exit 0)", 1: "drift found (exit 1)"}.get(code, "could not read everything (exit 2)")
    lines.append(f"{len(audits)} API{'' if len(audits) == 1 else 's'} audited, {drifted} with drift: {verdict}")
    return "\n".join(lines) + "\n"


def render_json(audits: Sequence[Dict[str, Any]]) -> str:
    code = exit_code(audits)
    return json.dumps({"exitCode": code, "drift": code == 1, "apis": list(audits)}, indent=2, ensure_ascii=False) + "\n"
