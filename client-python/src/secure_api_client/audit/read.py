"""Reads what API Gateway serves for one API and stage with botocore's
apigateway client, and nothing else: every call is a read (apigateway:GET).
Key values are never asked for (GetApiKey without includeValue) and the ones
GetUsagePlanKeys answers anyway are dropped as they arrive. A read that fails is
recorded with the permission it needs; "does not exist" is data (None). The
same reads as client/src/audit/read.ts."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional

from botocore.exceptions import BotoCoreError, ClientError

from .. import aws
from ..errors import aws_error_text, error_code, is_access_denied

#: The export the audit compares: OpenAPI 3 with API Gateway's integrations and authorizers (GetExport, API Gateway API reference).
EXPORT_PARAMETERS = {"extensions": "integrations,authorizers"}

_MISSING = object()


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def api_gateway_arn(region: str, path: str) -> str:
    """An API Gateway resource ARN (developer guide, "API Gateway Amazon Resource Name (ARN) reference")."""
    return f"arn:{partition_of(region)}:apigateway:{region}::{path}"


def _pick(o: Dict[str, Any], keys) -> Dict[str, Any]:
    """Keeps only what the audit compares, so nothing else (dates, values) ever reaches a report."""
    return {k: o[k] for k in keys if o.get(k) is not None}


def _pages(call: Callable[..., Dict[str, Any]], **kwargs: Any) -> List[Dict[str, Any]]:
    """Every page of a paged GET (API Gateway's position/limit)."""
    items: List[Dict[str, Any]] = []
    position = None
    while True:
        page = call(limit=500, **({"position": position} if position else {}), **kwargs)
        items.extend(page.get("items") or [])
        position = page.get("position")
        if not position:
            return items


def read_live_api(x: Dict[str, Any], *, region: Optional[str] = None, profile: Optional[str] = None,
                  endpoint_url: Optional[str] = None, credentials: Any = None, client: Any = None) -> Dict[str, Any]:
    """Reads the live API an expectation describes. Never raises for an AWS answer: failures are in ``unread``."""
    c = client or aws.client("apigateway", region=x.get("region") or region, profile=profile, endpoint_url=endpoint_url,
                             credentials=credentials)
    where = x.get("region") or region or c.meta.region_name
    if not where:
        raise ValueError("no AWS region for the audit: give --region (or region=), or set AWS_REGION")
    unread: List[Dict[str, str]] = []
    api = f"/restapis/{x['restApiId']}"
    unreachable = [False]

    def read(what: str, path: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except (ClientError, BotoCoreError) as e:
            if error_code(e) == "NotFoundException":
                return None
            # Not allowed is about this read; anything else (no connection, no credentials) would fail every read alike.
            if not is_access_denied(e):
                unreachable[0] = True
            unread.append({"what": what, "permission": f"apigateway:GET on {api_gateway_arn(where, path)}", "error": aws_error_text(e, "API Gateway")})
            return _MISSING

    rest_api_id, stage_name = x["restApiId"], x["stageName"]
    rest_api = read("REST API", api, lambda: _pick(c.get_rest_api(restApiId=rest_api_id),
                                                     ("id", "name", "apiKeySource", "policy", "endpointConfiguration", "disableExecuteApiEndpoint")))
    if rest_api is None:
        return {"restApi": None, "unread": unread}
    if unreachable[0]:
        return {"unread": unread}
    stage_path = f"{api}/stages/{stage_name}"
    snap: Dict[str, Any] = {}
    if rest_api is not _MISSING:
        snap["restApi"] = rest_api
    stage = read("stage", stage_path, lambda: _pick(c.get_stage(restApiId=rest_api_id, stageName=stage_name), (
        "stageName", "deploymentId", "tracingEnabled", "webAclArn", "clientCertificateId", "accessLogSettings", "methodSettings")))
    if stage is not _MISSING:
        snap["stage"] = stage

    def export() -> Any:
        out = c.get_export(restApiId=rest_api_id, stageName=stage_name, exportType="oas30", parameters=dict(EXPORT_PARAMETERS),
                           accepts="application/json")
        return json.loads(out["body"].read().decode("utf-8"))

    exported = read("stage export", f"{stage_path}/exports/oas30", export)
    if exported is not _MISSING:
        snap["export"] = exported
    resources = read("draft API resources", f"{api}/resources", lambda: [
        _pick(r, ("path", "resourceMethods")) for r in _pages(c.get_resources, restApiId=rest_api_id, embed=["methods"])])
    if resources not in (None, _MISSING):
        snap["resources"] = resources
    authorizers = read("authorizers", f"{api}/authorizers", lambda: [
        _pick(a, ("id", "name", "type", "providerARNs", "authorizerUri", "identitySource"))
        for a in _pages(c.get_authorizers, restApiId=rest_api_id)])
    if authorizers not in (None, _MISSING):
        snap["authorizers"] = authorizers

    if x.get("usagePlanIds") is not None or x.get("apiKeys") is not None:
        expected = set(x.get("usagePlanIds") or [])
        plans = read("usage plans", "/usageplans", lambda: [_pick(p, ("id", "name", "apiStages")) for p in _pages(c.get_usage_plans)])
        if plans not in (None, _MISSING):
            relevant = [p for p in plans if p["id"] in expected or any(
                s.get("apiId") == rest_api_id and s.get("stage") == stage_name for s in p.get("apiStages") or [])]
            usage_plans = []
            for plan in relevant:
                # Each item also carries the key's value: only id, name and type are kept.
                keys = read(f"keys of usage plan {plan['id']}", f"/usageplans/{plan['id']}/keys", lambda plan=plan: [
                    _pick(k, ("id", "name", "type")) for k in _pages(c.get_usage_plan_keys, usagePlanId=plan["id"])])
                usage_plans.append({**plan, "keys": keys} if keys not in (None, _MISSING) else plan)
            snap["usagePlans"] = usage_plans
        if x.get("apiKeys") is not None:
            api_keys: Dict[str, Any] = {}
            for key in x["apiKeys"]:
                live = read(f"API key {key['id']}", f"/apikeys/{key['id']}",
                            lambda key=key: _pick(c.get_api_key(apiKey=key["id"], includeValue=False), ("id", "name", "enabled")))
                if live is not _MISSING:
                    api_keys[key["id"]] = live
            snap["apiKeys"] = api_keys

    if x.get("domain"):
        name = x["domain"]["domainName"]
        d = read(f"custom domain {name}", f"/domainnames/{name}", lambda: c.get_domain_name(domainName=name))
        if d is None:
            snap["domain"] = None
        elif d is not _MISSING:
            mappings = read(f"base path mappings of {name}", f"/domainnames/{name}/basepathmappings", lambda: [
                _pick(m, ("basePath", "restApiId", "stage")) for m in _pages(c.get_base_path_mappings, domainName=name)])
            if mappings is not _MISSING:
                domain: Dict[str, Any] = {"domainName": name}
                if d.get("mutualTlsAuthentication"):
                    domain["mutualTlsAuthentication"] = _pick(d["mutualTlsAuthentication"], ("truststoreUri", "truststoreVersion"))
                domain["basePathMappings"] = mappings or []
                snap["domain"] = domain
    snap["unread"] = unread
    return snap
