"""The comparison: an expectation (what was deployed) against a live snapshot
(what API Gateway serves), operation by operation and setting by setting, into
findings. Pure: no AWS call, no clock. The same algorithm as
client/src/audit/compare.ts; both run test-support/audit-cases/*.json, so they
cannot disagree (messages, order and all)."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from .operations import (
    Operation,
    OperationSecurity,
    describe_authorizer,
    describe_integration,
    describe_security,
    export_has_extensions,
    operations_from_document,
    operations_from_resources,
    same_authorizer,
    same_integration,
)


def _obj(v: Any) -> bool:
    return isinstance(v, dict)


def js(v: Any) -> str:
    """A value as JavaScript's String() writes it (true, 5, 5.5), so both clients print the same."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if v is None:
        return "null"
    return str(v)


def _json(v: Any) -> str:
    """JSON.stringify's compact text."""
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def _finding(kind: str, target: str, expected: str, live: str, message: str) -> Dict[str, Any]:
    return {"kind": kind, "target": target, "expected": expected, "live": live, "message": message}


def _is_open(s: OperationSecurity) -> bool:
    return not s.api_key and s.authorization == "NONE" and s.authorizer is None


def _security_findings(key: str, expected: OperationSecurity, live: OperationSecurity) -> List[Dict[str, Any]]:
    e = describe_security(expected)
    l = describe_security(live)  # noqa: E741
    if e == l and (expected.authorizer is None or live.authorizer is None or same_authorizer(expected.authorizer, live.authorizer)):
        return []
    if not _is_open(expected) and _is_open(live):
        return [_finding("operation-open", key, e, l, f"{key} is open: it requires nothing, the document requires {e}")]
    found = []
    if expected.api_key and not live.api_key:
        found.append(_finding("api-key-not-required", key, e, l, f"{key} no longer requires the API key (it requires {l})"))
    if expected.authorization == "AWS_IAM" and live.authorization != "AWS_IAM":
        found.append(_finding("iam-not-required", key, e, l, f"{key} no longer requires AWS_IAM (SigV4) authorization (it requires {l})"))
    if expected.authorizer is not None and live.authorizer is None:
        found.append(
            _finding("authorizer-removed", key, e, l, f"{key} no longer uses authorizer {describe_authorizer(expected.authorizer)} (it requires {l})")
        )
    elif expected.authorizer is not None and live.authorizer is not None:
        if not same_authorizer(expected.authorizer, live.authorizer):
            ea, la = describe_authorizer(expected.authorizer), describe_authorizer(live.authorizer)
            found.append(_finding("authorizer-changed", key, ea, la, f"{key} uses authorizer {la} instead of {ea}"))
        if " ".join(expected.scopes) != " ".join(live.scopes):
            es, ls = " ".join(expected.scopes), " ".join(live.scopes)
            found.append(_finding("scopes-changed", key, f"[{es}]", f"[{ls}]", f"{key} accepts tokens with scopes [{ls}] instead of [{es}]"))
    if not found:
        found.append(_finding("security-changed", key, e, l, f"{key} requires {l} instead of {e}"))
    return found


def _operation_findings(expected: Dict[str, Operation], live: Dict[str, Operation]) -> List[Dict[str, Any]]:
    found = []
    for key, e in expected.items():
        l = live.get(key)  # noqa: E741
        if l is None:
            found.append(_finding("operation-missing", key, describe_security(e.security), "absent", f"{key} is in the document but not served"))
            continue
        found.extend(_security_findings(key, e.security, l.security))
        if not same_integration(e.integration, l.integration):
            ei, li = describe_integration(e.integration), describe_integration(l.integration)
            found.append(_finding("integration-changed", key, ei, li, f"{key} calls {li} instead of {ei}"))
    for key, l in live.items():  # noqa: E741
        if key in expected:
            continue
        s = describe_security(l.security)
        open_ = ": open to anyone" if _is_open(l.security) else ""
        found.append(_finding("operation-added", key, "absent", s, f"{key} is served but not in the document (it requires {s}{open_})"))
    return found


_LISTY = ("Action", "NotAction", "Resource", "NotResource")
_THIS_API = re.compile(r"^arn:[^:]+:execute-api:[^:]+:[^:]*:[^/]+/")


def canonical_policy(policy: Any) -> str:
    """A resource policy as a comparable text: parsed (AWS answers it JSON-escaped), lists sorted, this API's ARNs shortened."""
    if policy is None or policy == "":
        return ""
    doc = policy
    if isinstance(policy, str):
        try:
            doc = json.loads(policy)
        except ValueError:
            try:
                # GetRestApi answers the policy with its quotes escaped: {\"Version\":...}.
                doc = json.loads(policy.replace('\\"', '"').replace("\\/", "/").replace("\\\\", "\\"))
            except ValueError:
                return policy

    def norm(v: Any, key: str = "") -> Any:
        if isinstance(v, list):
            items = [norm(x, key) for x in v]
            return sorted(items) if all(isinstance(x, str) for x in items) else items
        if _obj(v):
            out = {}
            for k in sorted(v):
                value = norm(v[k], k)
                # "Action": "x" and "Action": ["x"] say the same.
                out[k] = [value] if k in _LISTY and isinstance(value, str) else value
            return out
        if isinstance(v, str) and key in ("Resource", "NotResource"):
            # AWS may store execute-api:/... as this API's full ARN.
            return _THIS_API.sub("execute-api:/", v, count=1)
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    n = norm(doc)
    if _obj(n) and isinstance(n.get("Statement"), list):
        n["Statement"] = sorted(_json(s) for s in n["Statement"])
    return _json(n)


def _api_findings(x: Dict[str, Any], snap: Dict[str, Any], expected_ops: Dict[str, Operation]) -> List[Dict[str, Any]]:
    api = snap.get("restApi")
    if not api:
        return []
    target = f"REST API {x['restApiId']}"
    doc = x["document"]
    found = []
    expected_policy = canonical_policy(doc.get("x-amazon-apigateway-policy"))
    live_policy = canonical_policy(api.get("policy"))
    if expected_policy != live_policy:

        def statements(p: str) -> List[str]:
            parsed = json.loads(p) if p else None
            if _obj(parsed) and isinstance(parsed.get("Statement"), list):
                return parsed["Statement"]
            return [p] if p else []

        e, l = statements(expected_policy), statements(live_policy)  # noqa: E741

        def count(n: int) -> str:
            return f"{n} statement{'' if n == 1 else 's'}" if n else "none"

        parts = [f"missing {st}" for st in e if st not in l] + [f"added {st}" for st in l if st not in e]
        found.append(
            _finding(
                "resource-policy-changed", target, count(len(e)), count(len(l)),
                f"{target}'s resource policy differs from the document's: {'; '.join(parts)}",
            )
        )
    if any(o.security.api_key for o in expected_ops.values()):
        source = doc.get("x-amazon-apigateway-api-key-source")
        e = (js(source) if source is not None else "HEADER").upper()
        l = (api.get("apiKeySource") or "HEADER").upper()  # noqa: E741
        if e != l:
            found.append(_finding("api-key-source-changed", target, e, l, f"{target} reads API keys from {l} instead of {e}"))
    endpoint = doc.get("x-amazon-apigateway-endpoint-configuration")
    e_disable = _obj(endpoint) and endpoint.get("disableExecuteApiEndpoint") is True
    l_disable = api.get("disableExecuteApiEndpoint") is True
    if e_disable != l_disable:

        def state(off: bool) -> str:
            return "execute-api endpoint disabled" if off else "execute-api endpoint enabled"

        message = f"{target}'s execute-api endpoint is disabled" if l_disable else f"{target}'s default execute-api endpoint is enabled again"
        found.append(_finding("endpoint-changed", target, state(e_disable), state(l_disable), message))
    if _obj(endpoint) and isinstance(endpoint.get("vpcEndpointIds"), list):
        e = ",".join(sorted(endpoint["vpcEndpointIds"]))
        l = ",".join(sorted((api.get("endpointConfiguration") or {}).get("vpcEndpointIds") or []))  # noqa: E741
        if e != l:
            found.append(
                _finding("endpoint-changed", target, f"VPC endpoints {e}", f"VPC endpoints {l or 'none'}",
                         f"{target} is reachable through VPC endpoints {l or 'none'} instead of {e}")
            )
    if x.get("endpointTypes") is not None:
        e = ",".join(sorted(x["endpointTypes"]))
        l = ",".join(sorted((api.get("endpointConfiguration") or {}).get("types") or []))  # noqa: E741
        if e != l:
            found.append(_finding("endpoint-changed", target, f"endpoint {e}", f"endpoint {l}", f"{target} is a {l} API instead of {e}"))
    return found


_METHOD_SETTING_DEFAULTS = {"loggingLevel": "OFF", "dataTraceEnabled": False, "metricsEnabled": False, "cachingEnabled": False}


def _method_settings_text(s: Optional[Dict[str, Any]], fields: List[str]) -> str:
    def value(f: str) -> Any:
        v = (s or {}).get(f)
        v = _METHOD_SETTING_DEFAULTS.get(f) if v is None else v
        return "none" if v is None else v

    return " ".join(f"{f}={js(value(f))}" for f in fields)


def _stage_findings(x: Dict[str, Any], stage: Dict[str, Any]) -> List[Dict[str, Any]]:
    target = f"stage {x['stageName']}"
    found = []
    deployment = stage.get("deploymentId")
    if x.get("deploymentId") is not None and deployment != x["deploymentId"]:
        found.append(
            _finding("stage-deployment", target, x["deploymentId"], deployment or "none",
                     f"{target} serves deployment {deployment or 'none'}, not {x['deploymentId']} (the one deployed from the document)")
        )
    s = x.get("stage")
    if s is None:
        return found

    def same(kind: str, what: str, e: str, l: str) -> None:  # noqa: E741
        if e != l:
            found.append(_finding(kind, target, e or "none", l or "none", f"{target}'s {what} is {l or 'none'}, not {e or 'none'}"))

    if s.get("webAclArn") is not None:
        same("waf-changed", "WAF web ACL", s["webAclArn"], stage.get("webAclArn") or "")
    if s.get("tracingEnabled") is not None:
        same("tracing-changed", "X-Ray tracing", js(s["tracingEnabled"]), js(stage.get("tracingEnabled") or False))
    if s.get("clientCertificateId") is not None:
        same("client-certificate-changed", "client certificate", s["clientCertificateId"], stage.get("clientCertificateId") or "")
    if "accessLogSettings" in s:

        def text(a: Optional[Dict[str, Any]]) -> str:
            if a and (a.get("destinationArn") or a.get("format")):
                return f"{a.get('destinationArn') or ''} format {a.get('format') or ''}"
            return ""

        same("access-logs-changed", "access logging", text(s["accessLogSettings"]), text(stage.get("accessLogSettings")))
    if s.get("methodSettings") is not None:
        live = stage.get("methodSettings") or {}
        for path in sorted(set(s["methodSettings"]) | set(live)):
            e = s["methodSettings"].get(path)
            fields = ["loggingLevel", "dataTraceEnabled", "metricsEnabled", "cachingEnabled"]
            if e is not None and e.get("throttlingBurstLimit") is not None:
                fields.append("throttlingBurstLimit")
            if e is not None and e.get("throttlingRateLimit") is not None:
                fields.append("throttlingRateLimit")
            differ = [f for f in fields if _method_settings_text(e, [f]) != _method_settings_text(live.get(path), [f])]
            if differ:
                et, lt = _method_settings_text(e, differ), _method_settings_text(live.get(path), differ)
                found.append(
                    _finding("method-settings-changed", f"{target} method settings {path}", et, lt,
                             f"{target}'s method settings for {path} are {lt}, not {et}")
                )
    return found


def _covers(plan: Dict[str, Any], x: Dict[str, Any]) -> bool:
    return any(s.get("apiId") == x["restApiId"] and s.get("stage") == x["stageName"] for s in plan.get("apiStages") or [])


def _named(what: str, id_: str, name: Optional[str] = None) -> str:
    return f"{what} {id_}{f' ({name})' if name else ''}"


def _usage_findings(x: Dict[str, Any], snap: Dict[str, Any]) -> List[Dict[str, Any]]:
    found = []
    plans = snap.get("usagePlans")
    if plans is None:
        return found
    expected_plans = set(x.get("usagePlanIds") or [])
    stage = x["stageName"]
    if x.get("usagePlanIds") is not None:
        for id_ in x["usagePlanIds"]:
            plan = next((p for p in plans if p["id"] == id_), None)
            target = _named("usage plan", id_, plan.get("name") if plan else None)
            if plan is None:
                found.append(_finding("usage-plan-detached", target, "covers the stage", "deleted", f"{target} was deleted"))
            elif not _covers(plan, x):
                found.append(
                    _finding("usage-plan-detached", target, "covers the stage", "does not cover the stage",
                             f"{target} no longer covers stage {stage}: its keys no longer work and its throttle and quota no longer apply")
                )
        for plan in plans:
            if plan["id"] in expected_plans or not _covers(plan, x):
                continue
            keys = len(plan.get("keys") or [])
            target = _named("usage plan", plan["id"], plan.get("name"))
            found.append(
                _finding("usage-plan-added", target, "absent", f"covers the stage with {keys} key(s)",
                         f"{target} also covers stage {stage}, with {keys} API key(s) the component did not create")
            )
    if x.get("apiKeys") is None or snap.get("apiKeys") is None:
        return found
    # Without expected plans (keys given alone), every plan covering the stage counts as the API's own.
    ours = [p for p in plans if (x.get("usagePlanIds") is None or p["id"] in expected_plans) and _covers(p, x)]
    expected_keys = {k["id"] for k in x["apiKeys"]}
    for key in x["apiKeys"]:
        if key["id"] not in snap["apiKeys"]:
            continue
        live = snap["apiKeys"][key["id"]]
        target = _named("API key", key["id"], key.get("name") or (live or {}).get("name"))
        if not live:
            found.append(_finding("api-key-missing", target, "exists", "deleted", f"{target} was deleted"))
            continue
        enabled = live.get("enabled") is not False
        if key["enabled"] and not enabled:
            found.append(_finding("api-key-disabled", target, "enabled", "disabled", f"{target} is disabled"))
        if not key["enabled"] and enabled:
            found.append(_finding("api-key-enabled", target, "disabled", "enabled", f"{target} is enabled again"))
        if key["enabled"] and not any(k["id"] == key["id"] for p in ours for k in p.get("keys") or []):
            found.append(
                _finding("api-key-detached", target, "attached", "detached",
                         f"{target} is attached to none of the usage plans on stage {stage}: its callers get 403")
            )
    # Only with the plans known: a key of those plans that is not expected is a way in nobody reviewed.
    if x.get("usagePlanIds") is None:
        return found
    for plan in ours:
        for k in plan.get("keys") or []:
            if k["id"] in expected_keys:
                continue
            target = _named("API key", k["id"], k.get("name"))
            found.append(
                _finding("api-key-added", target, "absent", f"attached to usage plan {plan['id']}",
                         f"{target}, which the component did not create, is attached to usage plan {plan['id']}: it can call stage {stage}")
            )
    return found


def _domain_findings(x: Dict[str, Any], snap: Dict[str, Any]) -> List[Dict[str, Any]]:
    d = x.get("domain")
    if not d or "domain" not in snap:
        return []
    target = f"domain {d['domainName']}"
    live = snap["domain"]
    mapping = f"{x['restApiId']}/{x['stageName']} at /{d['basePath']}"
    if not live:
        return [_finding("domain-mapping-changed", target, mapping, "deleted", f"{target} was deleted")]
    found = []

    def base_path(p: Optional[str]) -> str:
        return "" if not p or p == "(none)" else p

    m = next((b for b in live.get("basePathMappings") or [] if base_path(b.get("basePath")) == d["basePath"]), None)
    live_mapping = f"{m.get('restApiId')}/{m.get('stage')} at /{base_path(m.get('basePath'))}" if m else "none"
    if m is None or m.get("restApiId") != x["restApiId"] or m.get("stage") != x["stageName"]:
        message = f"{target} maps /{d['basePath']} to {live_mapping}, not {mapping}" if m else f"{target} no longer maps /{d['basePath']} to {mapping}"
        found.append(_finding("domain-mapping-changed", target, mapping, live_mapping, message))
    if "mutualTlsAuthentication" in d:

        def text(t: Optional[Dict[str, Any]]) -> str:
            if t and t.get("truststoreUri"):
                return t["truststoreUri"] + (f" version {t['truststoreVersion']}" if t.get("truststoreVersion") else "")
            return ""

        e, l = text(d["mutualTlsAuthentication"]), text(live.get("mutualTlsAuthentication"))  # noqa: E741
        if e != l:
            message = (
                f"{target} checks client certificates against {l}, not {e or 'nothing'}" if l
                else f"{target} no longer requires client certificates (mutual TLS)"
            )
            found.append(_finding("mutual-tls-changed", target, e or "none", l or "none", message))
    return found


def compare_api(x: Dict[str, Any], snap: Dict[str, Any]) -> Dict[str, Any]:
    """Compares one API; the findings come in a fixed order (API, stage, operations, usage plans and keys, domain)."""
    notes: List[str] = []
    findings: List[Dict[str, Any]] = []

    def add(drafts: List[Dict[str, Any]], latent: bool = False) -> None:
        for f in drafts:
            message = f"{f['message']} (in the draft API, not deployed yet)" if latent else f["message"]
            findings.append({"kind": f["kind"], "target": f["target"], "expected": f["expected"], "live": f["live"], "message": message, "latent": latent})

    expected_ops = operations_from_document(x["document"])
    operations: Dict[str, str] = {}
    if "restApi" in snap and snap["restApi"] is None:
        api = f"REST API {x['restApiId']}"
        add([_finding("api-missing", api, "exists", "deleted", f"{api} does not exist")])
    else:
        add(_api_findings(x, snap, expected_ops))
        stage_gone = "stage" in snap and snap["stage"] is None
        if stage_gone:
            stage = f"stage {x['stageName']}"
            add([_finding("stage-missing", stage, "exists", "deleted", f"{stage} does not exist")])
        elif snap.get("stage"):
            add(_stage_findings(x, snap["stage"]))
        draft = (
            operations_from_resources(snap["resources"], snap["authorizers"])
            if snap.get("resources") is not None and snap.get("authorizers") is not None
            else None
        )
        exported = operations_from_document(snap["export"]) if snap.get("export") and export_has_extensions(snap["export"]) else None
        if snap.get("export") and exported is None and draft is not None:
            notes.append(
                "the stage's export carries no API Gateway extensions (this endpoint ignores the request for them): the operations were "
                "compared as the draft API defines them, deployed and draft not told apart"
            )
        elif "export" not in snap and not stage_gone and draft is not None:
            notes.append("the stage's export could not be read: the operations were compared as the draft API defines them, deployed and draft not told apart")
        if not stage_gone:
            deployed = exported if exported is not None else draft
            if deployed is not None:
                served = _operation_findings(expected_ops, deployed)
                add(served)
                operations = {k: describe_security(o.security) for k, o in deployed.items()}
                if exported is not None and draft is not None:
                    seen = {(f["kind"], f["target"]) for f in served}
                    add([f for f in _operation_findings(expected_ops, draft) if (f["kind"], f["target"]) not in seen], True)
            else:
                notes.append("the operations were not compared: neither the stage's export nor the draft API could be read")
        add(_usage_findings(x, snap))
        add(_domain_findings(x, snap))
    if x.get("deploymentId") is None:
        notes.append("not audited: which deployment the stage serves (no expected deployment id)")
    if x.get("usagePlanIds") is None and x.get("apiKeys") is None:
        notes.append("not audited: usage plans and API keys (none expected)")
    elif x.get("usagePlanIds") is None:
        notes.append("not audited: which usage plans cover the stage (none expected), and keys other than the expected ones")
    if x.get("stage") is None:
        notes.append("not audited: stage settings (WAF, logs, tracing, client certificate, method settings)")
    audit: Dict[str, Any] = {"name": x["name"], "restApiId": x["restApiId"], "stageName": x["stageName"]}
    if x.get("region"):
        audit["region"] = x["region"]
    audit.update(drift=bool(findings), findings=findings, unread=list(snap.get("unread") or []), notes=notes, operations=operations)
    return audit
