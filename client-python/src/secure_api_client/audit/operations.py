"""Every operation of an API in one canonical form, whichever way it was read:
from an OpenAPI document (the component's, or the stage's export) or from the
draft API's methods (GetResources with methods embedded, GetAuthorizers).
Security schemes are recognised by what they are (API Gateway's extensions),
never by their names; integrations are compared by where they point. The same
algorithm as client/src/audit/operations.ts (test-support/audit-cases/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

OPERATION_KEYS = {
    "get": "GET",
    "put": "PUT",
    "post": "POST",
    "delete": "DELETE",
    "options": "OPTIONS",
    "head": "HEAD",
    "patch": "PATCH",
    "x-amazon-apigateway-any-method": "ANY",
}


def _obj(v: Any) -> bool:
    return isinstance(v, dict)


def _str(v: Any) -> str:
    return v if isinstance(v, str) else ""


def _sorted_unique(values) -> List[str]:
    return sorted(set(values))


def _identity_sources(value: Any) -> str:
    """"a, b" and "a,b" are one identity source list."""
    return ",".join(s.strip() for s in _str(value).split(",") if s.strip())


@dataclass(frozen=True)
class AuthorizerIdentity:
    name: str
    type: str  # COGNITO_USER_POOLS, TOKEN, REQUEST (UNKNOWN for a scheme API Gateway would not recognise)
    provider_arns: Tuple[str, ...]
    authorizer_uri: str
    identity_source: str


@dataclass(frozen=True)
class OperationSecurity:
    api_key: bool
    authorization: str  # NONE, AWS_IAM, COGNITO_USER_POOLS, CUSTOM
    authorizer: Optional[AuthorizerIdentity]
    scopes: Tuple[str, ...]


@dataclass(frozen=True)
class IntegrationTarget:
    type: str
    uri: str = ""
    http_method: str = ""
    credentials: str = ""
    connection_type: str = ""
    connection_id: str = ""


@dataclass(frozen=True)
class Operation:
    key: str  # "GET /orders"
    security: OperationSecurity
    integration: Optional[IntegrationTarget] = field(default=None)


def integration_target(raw: Any) -> Optional[IntegrationTarget]:
    """An integration's target with API Gateway's defaults filled in; a mock points nowhere."""
    if not _obj(raw):
        return None
    kind = _str(raw.get("type")).lower()
    if kind == "mock":
        return IntegrationTarget(type=kind)
    return IntegrationTarget(
        type=kind,
        uri=_str(raw.get("uri")),
        http_method=_str(raw.get("httpMethod")).upper(),
        credentials=_str(raw.get("credentials")),
        connection_type=(_str(raw.get("connectionType")) or "INTERNET").upper(),
        connection_id=_str(raw.get("connectionId")),
    )


def describe_integration(t: Optional[IntegrationTarget]) -> str:
    if t is None:
        return "no integration"
    if t.type == "mock":
        return "mock"
    parts = [p for p in (t.type, t.http_method, t.uri) if p]
    if t.connection_type == "VPC_LINK":
        parts.append(f"via VPC link {t.connection_id}")
    if t.credentials:
        parts.append(f"as {t.credentials}")
    return " ".join(parts)


def _scheme_kind(name: str, scheme: Any) -> Tuple[str, Optional[AuthorizerIdentity]]:
    """What a security scheme is, as API Gateway's import reads it: apiKey, iam, authorizer or unknown."""
    if not _obj(scheme):
        return "unknown", None
    authorizer = scheme.get("x-amazon-apigateway-authorizer")
    auth_type = _str(scheme.get("x-amazon-apigateway-authtype")).lower()
    header = _str(scheme.get("name"))
    if _obj(authorizer) or auth_type in ("cognito_user_pools", "custom"):
        a = authorizer if _obj(authorizer) else {}
        raw_type = _str(a.get("type")).lower() or ("cognito_user_pools" if auth_type == "cognito_user_pools" else "token")
        kind = "COGNITO_USER_POOLS" if raw_type == "cognito_user_pools" else raw_type.upper()
        # A token or Cognito authorizer reads the scheme's header unless it names its identity source.
        source = _str(a.get("identitySource")) or ("" if kind == "REQUEST" or not header else f"method.request.header.{header}")
        arns = a.get("providerARNs")
        return "authorizer", AuthorizerIdentity(
            name=name,
            type=kind,
            provider_arns=tuple(_sorted_unique(_str(x) for x in arns) if isinstance(arns, list) else ()),
            authorizer_uri=_str(a.get("authorizerUri")),
            identity_source=_identity_sources(source),
        )
    if auth_type == "awssigv4":
        return "iam", None
    if _str(scheme.get("type")) == "apiKey" and _str(scheme.get("in")) == "header" and header.lower() == "x-api-key":
        return "apiKey", None
    return "unknown", None


def _document_security(doc: Dict[str, Any], op: Dict[str, Any]) -> OperationSecurity:
    components = doc.get("components") if _obj(doc.get("components")) else {}
    schemes: Dict[str, Any] = {}
    if _obj(doc.get("securityDefinitions")):
        schemes.update(doc["securityDefinitions"])
    if _obj(components.get("securitySchemes")):
        schemes.update(components["securitySchemes"])
    if isinstance(op.get("security"), list):
        requirements = op["security"]
    elif isinstance(doc.get("security"), list):
        requirements = doc["security"]
    else:
        requirements = []
    api_key = False
    authorization = "NONE"
    authorizer: Optional[AuthorizerIdentity] = None
    scopes: List[str] = []
    for requirement in requirements:
        if not _obj(requirement):
            continue
        for name in sorted(requirement):
            kind, identity = _scheme_kind(name, schemes.get(name))
            if kind == "apiKey":
                api_key = True
            elif kind == "iam":
                authorization = "AWS_IAM"
            elif kind == "authorizer":
                authorizer = identity
                given = requirement[name]
                if isinstance(given, list):
                    scopes.extend(_str(s) for s in given)
            else:
                # A scheme API Gateway would not recognise: kept, by name, so it is never mistaken for "open".
                authorizer = AuthorizerIdentity(name, "UNKNOWN", (), "", "")
    auth = op.get("x-amazon-apigateway-auth")
    if _obj(auth) and _str(auth.get("type")).upper() == "AWS_IAM":
        authorization = "AWS_IAM"
    if authorizer is not None and authorization != "AWS_IAM":
        authorization = "COGNITO_USER_POOLS" if authorizer.type == "COGNITO_USER_POOLS" else "CUSTOM"
    if authorization == "AWS_IAM":
        authorizer = None
    return OperationSecurity(api_key, authorization, authorizer, tuple(_sorted_unique(scopes)) if authorizer else ())


def _sort(ops: Dict[str, Operation]) -> Dict[str, Operation]:
    """By path, then method: the order reports list operations in."""

    def split(key: str) -> Tuple[str, str]:
        method, _, path = key.partition(" ")
        return path, method

    return {k: ops[k] for k in sorted(ops, key=split)}


def operations_from_document(doc: Dict[str, Any]) -> Dict[str, Operation]:
    ops: Dict[str, Operation] = {}
    paths = doc.get("paths") if _obj(doc.get("paths")) else {}
    for path in sorted(paths):
        item = paths[path]
        if not _obj(item):
            continue
        for name, method in OPERATION_KEYS.items():
            op = item.get(name)
            if not _obj(op):
                continue
            key = f"{method} {path}"
            ops[key] = Operation(key, _document_security(doc, op), integration_target(op.get("x-amazon-apigateway-integration")))
    return _sort(ops)


def export_has_extensions(doc: Dict[str, Any]) -> bool:
    """Whether an export carries API Gateway's integration extension, as asked (some endpoints ignore the request for
    it, or write no operation OpenAPI's way). An export without paths has nothing to carry it."""
    paths = doc.get("paths") if _obj(doc.get("paths")) else {}
    for item in paths.values():
        if not _obj(item):
            continue
        for name in OPERATION_KEYS:
            op = item.get(name)
            if _obj(op) and _obj(op.get("x-amazon-apigateway-integration")):
                return True
    return len(paths) == 0


def operations_from_resources(resources: List[Dict[str, Any]], authorizers: List[Dict[str, Any]]) -> Dict[str, Operation]:
    by_id = {a.get("id"): a for a in authorizers}
    ops: Dict[str, Operation] = {}
    for resource in resources:
        for method, m in (resource.get("resourceMethods") or {}).items():
            key = f"{method.upper()} {resource['path']}"
            kind = (m.get("authorizationType") or "NONE").upper()
            a = by_id.get(m["authorizerId"]) if "authorizerId" in m else None
            authorizer = None
            if kind in ("COGNITO_USER_POOLS", "CUSTOM"):
                authorizer = AuthorizerIdentity(
                    name=(a or {}).get("name") or m.get("authorizerId") or "",
                    type=((a or {}).get("type") or ("TOKEN" if kind == "CUSTOM" else kind)).upper(),
                    provider_arns=tuple(_sorted_unique((a or {}).get("providerARNs") or [])),
                    authorizer_uri=(a or {}).get("authorizerUri") or "",
                    identity_source=_identity_sources((a or {}).get("identitySource")),
                )
            authorization = kind if kind in ("AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM") else "NONE"
            ops[key] = Operation(
                key,
                OperationSecurity(
                    api_key=m.get("apiKeyRequired") is True,
                    authorization=authorization,
                    authorizer=authorizer,
                    scopes=tuple(_sorted_unique(m.get("authorizationScopes") or [])) if authorizer else (),
                ),
                integration_target(m.get("methodIntegration")),
            )
    return _sort(ops)


def describe_security(s: OperationSecurity) -> str:
    """"api-key + cognito:pool [orders/read]", "iam", "none"."""
    parts = []
    if s.api_key:
        parts.append("api-key")
    if s.authorization == "AWS_IAM":
        parts.append("iam")
    if s.authorizer is not None:
        kind = "cognito" if s.authorizer.type == "COGNITO_USER_POOLS" else s.authorizer.type.lower()
        scopes = f" [{' '.join(s.scopes)}]" if s.scopes else ""
        parts.append(f"{kind}:{s.authorizer.name}{scopes}")
    return " + ".join(parts) if parts else "none"


def describe_authorizer(a: Optional[AuthorizerIdentity]) -> str:
    if a is None:
        return "no authorizer"
    what = f"user pools {', '.join(a.provider_arns)}" if a.type == "COGNITO_USER_POOLS" else a.authorizer_uri
    source = f", from {a.identity_source}" if a.identity_source else ""
    return f"{a.name} ({a.type} {what}{source})"


def same_authorizer(a: AuthorizerIdentity, b: AuthorizerIdentity) -> bool:
    """Whether two authorizers decide the same way (their names may differ)."""
    return (a.type, a.authorizer_uri, a.identity_source, a.provider_arns) == (b.type, b.authorizer_uri, b.identity_source, b.provider_arns)


def same_integration(a: Optional[IntegrationTarget], b: Optional[IntegrationTarget]) -> bool:
    return (
        describe_integration(a) == describe_integration(b)
        and (a.connection_id if a else None) == (b.connection_id if b else None)
        and (a.credentials if a else None) == (b.credentials if b else None)
    )
