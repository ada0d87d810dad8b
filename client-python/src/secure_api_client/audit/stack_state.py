"""What each component of a stack deployed, read from the stack's state
(``pulumi stack export``, no secrets needed): the RestApi's body and the
settings the component's children were created with, never the components'
defaults. The same reading as client/src/audit/stackState.ts."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

_SECRET_SIG = "4dabf18193072939515e22adb298388d"

T = {
    "restApi": "aws:apigateway/restApi:RestApi",
    "stage": "aws:apigateway/stage:Stage",
    "deployment": "aws:apigateway/deployment:Deployment",
    "methodSettings": "aws:apigateway/methodSettings:MethodSettings",
    "usagePlan": "aws:apigateway/usagePlan:UsagePlan",
    "apiKey": "aws:apigateway/apiKey:ApiKey",
    "domainName": "aws:apigateway/domainName:DomainName",
    "basePathMapping": "aws:apigateway/basePathMapping:BasePathMapping",
    "webAclAssociation": "aws:wafv2/webAclAssociation:WebAclAssociation",
}


def _plain(v: Any) -> Any:
    """A value of the state; a secret (ciphertext without --show-secrets) is unknown here."""
    return None if isinstance(v, dict) and _SECRET_SIG in v else v


def _str(v: Any) -> Optional[str]:
    p = _plain(v)
    return p if isinstance(p, str) else None


def urn_name(urn: str) -> str:
    return urn[urn.rfind("::") + 2:]


def _method_settings(v: Any) -> Dict[str, Any]:
    """The fields the audit compares; the aws provider's -1 means "not set"."""
    s = _plain(v) if isinstance(_plain(v), dict) else {}
    out = {}
    for k in ("loggingLevel", "dataTraceEnabled", "metricsEnabled", "cachingEnabled", "throttlingBurstLimit", "throttlingRateLimit"):
        value = _plain(s.get(k))
        if value is None or value == "" or (value == -1 and not isinstance(value, bool)):
            continue
        out[k] = value
    return out


def expectations_from_state(resources: List[Dict[str, Any]], component: Optional[str] = None) -> List[Dict[str, Any]]:
    """One expectation per REST API component: a secure-api resource with an openApiDocument output and a RestApi below it."""
    children: Dict[str, List[Dict[str, Any]]] = {}
    for r in resources:
        if r.get("parent"):
            children.setdefault(r["parent"], []).append(r)
    by_urn = {r["urn"]: r for r in resources}

    def below(urn: str) -> List[Dict[str, Any]]:
        out, queue = [], list(children.get(urn, []))
        while queue:
            r = queue.pop(0)
            out.append(r)
            queue.extend(children.get(r["urn"], []))
        return out

    expectations = []
    for c in resources:
        if not c["type"].startswith("secure-api:") or _str((c.get("outputs") or {}).get("openApiDocument")) is None:
            continue
        if component is not None and urn_name(c["urn"]) != component:
            continue
        mine = below(c["urn"])

        def one(t: str) -> Optional[Dict[str, Any]]:
            return next((r for r in mine if r["type"] == t), None)

        def all_(t: str) -> List[Dict[str, Any]]:
            return [r for r in mine if r["type"] == t]

        rest_api, stage = one(T["restApi"]), one(T["stage"])
        if not rest_api or not rest_api.get("id") or not stage:
            continue

        def out(r: Optional[Dict[str, Any]], k: str) -> Any:
            if r is None:
                return None
            v = (r.get("outputs") or {}).get(k)
            return _plain(v if v is not None else (r.get("inputs") or {}).get(k))

        # The body the RestApi holds is what was put; a transform may have changed the component's document.
        text = _str(out(rest_api, "body")) or _str(c["outputs"]["openApiDocument"])
        provider_ref = rest_api.get("provider")
        provider = by_urn.get(provider_ref[: provider_ref.rfind("::")]) if provider_ref else None
        region = (
            _str(out(rest_api, "region"))
            or _str(((provider or {}).get("inputs") or {}).get("region"))
            or _str(((provider or {}).get("outputs") or {}).get("region"))
        )
        endpoint = _plain(out(rest_api, "endpointConfiguration"))
        types = _plain(endpoint.get("types")) if isinstance(endpoint, dict) else None

        association = one(T["webAclAssociation"])
        access = _plain(out(stage, "accessLogSettings"))
        method_settings = {}
        for m in all_(T["methodSettings"]):
            path = _str(out(m, "methodPath"))
            if path is not None:
                method_settings[path] = _method_settings(out(m, "settings"))
        stage_settings = {
            "tracingEnabled": out(stage, "xrayTracingEnabled") is True,
            "webAclArn": _first_str(out(association, "webAclArn"), out(stage, "webAclArn")) or "",
            "clientCertificateId": _str(out(stage, "clientCertificateId")) or "",
            "accessLogSettings": (
                {"destinationArn": _str(access.get("destinationArn")) or "", "format": _str(access.get("format")) or ""}
                if isinstance(access, dict) and (_str(access.get("destinationArn")) or _str(access.get("format")))
                else None
            ),
            "methodSettings": method_settings,
        }
        keys = []
        for k in all_(T["apiKey"]):
            if not k.get("id"):
                continue
            key: Dict[str, Any] = {"id": k["id"]}
            if _str(out(k, "name")):
                key["name"] = _str(out(k, "name"))
            key["enabled"] = out(k, "enabled") is not False
            keys.append(key)
        domain_name, mapping = one(T["domainName"]), one(T["basePathMapping"])
        mtls = _plain(out(domain_name, "mutualTlsAuthentication"))
        truststore = _str(mtls.get("truststoreUri")) if isinstance(mtls, dict) else None
        version = _str(mtls.get("truststoreVersion")) if isinstance(mtls, dict) else None
        deployment = one(T["deployment"])

        x: Dict[str, Any] = {
            "name": f"{c['type'][c['type'].rfind(':') + 1:]} \"{urn_name(c['urn'])}\"",
            "restApiId": rest_api["id"],
            "stageName": _str(out(stage, "stageName")) or "",
        }
        if region:
            x["region"] = region
        x["document"] = json.loads(text)
        deployment_id = (deployment or {}).get("id") or _str(out(stage, "deployment"))
        if deployment_id:
            x["deploymentId"] = deployment_id
        x["usagePlanIds"] = [p["id"] for p in all_(T["usagePlan"]) if p.get("id")]
        x["apiKeys"] = keys
        x["stage"] = stage_settings
        if domain_name and _str(out(domain_name, "domainName")):
            mtls_expected = None
            if truststore:
                mtls_expected = {"truststoreUri": truststore}
                if version:
                    mtls_expected["truststoreVersion"] = version
            x["domain"] = {
                "domainName": _str(out(domain_name, "domainName")),
                "basePath": _str(out(mapping, "basePath")) or "",
                "mutualTlsAuthentication": mtls_expected,
            }
        if types is not None:
            x["endpointTypes"] = list(types) if isinstance(types, list) else [str(types)]
        expectations.append(x)
    return expectations


def _first_str(*values: Any) -> Optional[str]:
    for v in values:
        s = _str(v)
        if s is not None:
            return s
    return None


def state_resources(exported: Any) -> List[Dict[str, Any]]:
    """The resources of ``pulumi stack export``'s JSON."""
    deployment = exported.get("deployment") if isinstance(exported, dict) else None
    resources = deployment.get("resources") if isinstance(deployment, dict) else None
    if not isinstance(resources, list):
        raise ValueError("not the output of pulumi stack export: no deployment.resources")
    return resources
