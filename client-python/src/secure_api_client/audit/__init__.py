"""The audit of a live API against what was deployed (``secure-api audit``):
expectations (from a stack's state, or given), the live snapshot (read-only
API Gateway calls through botocore), the comparison and the reports. The same
algorithm as the TypeScript client's; both run test-support/audit-cases/."""

from __future__ import annotations

import json
import subprocess
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ..errors import SecureApiError
from .compare import canonical_policy, compare_api
from .operations import describe_security, operations_from_document, operations_from_resources
from .read import EXPORT_PARAMETERS, api_gateway_arn, partition_of, read_live_api
from .report import exit_code, render_json, render_table
from .stack_state import expectations_from_state, state_resources, urn_name

#: Every kind of drift the audit reports (docs/audit.md describes each).
FINDING_KINDS = (
    "api-missing", "stage-missing", "operation-open", "api-key-not-required", "iam-not-required", "authorizer-removed",
    "authorizer-changed", "scopes-changed", "security-changed", "operation-added", "operation-missing", "integration-changed",
    "stage-deployment", "usage-plan-detached", "usage-plan-added", "api-key-missing", "api-key-disabled", "api-key-enabled",
    "api-key-detached", "api-key-added", "waf-changed", "access-logs-changed", "method-settings-changed", "tracing-changed",
    "client-certificate-changed", "resource-policy-changed", "api-key-source-changed", "endpoint-changed",
    "domain-mapping-changed", "mutual-tls-changed",
)


def audit_apis(expectations: Sequence[Dict[str, Any]], **read_options: Any) -> List[Dict[str, Any]]:
    """Reads and compares each API, one after another (API Gateway allows 10 control-plane reads/s per account)."""
    return [compare_api(x, read_live_api(x, **read_options)) for x in expectations]


def expectations_from_stack(stack: Optional[str] = None, *, cwd: Optional[str] = None, component: Optional[str] = None,
                            env: Optional[Mapping[str, str]] = None) -> List[Dict[str, Any]]:
    """The expectations of a stack's components, from ``pulumi stack export`` (no secrets asked for or needed)."""
    which = f"stack {stack}" if stack else "the selected stack"
    args = ["pulumi", "stack", "export", *(["--stack", stack] if stack else [])]
    try:
        result = subprocess.run(args, cwd=cwd, env=dict(env) if env is not None else None, capture_output=True, text=True)
    except FileNotFoundError:
        raise SecureApiError("the pulumi CLI is not on PATH: install it, or audit with --rest-api-id, --stage and --expected") from None
    if result.returncode != 0:
        reason = next((line.strip() for line in result.stderr.splitlines() if line.strip()), "no message")
        raise SecureApiError(f"pulumi stack export of {which} failed (exit {result.returncode}): {reason}")
    try:
        exported = json.loads(result.stdout)
    except ValueError:
        raise SecureApiError(f"pulumi stack export of {which} did not print JSON") from None
    try:
        found = expectations_from_state(state_resources(exported), component)
    except ValueError as e:
        raise SecureApiError(str(e)) from None
    if not found:
        if component:
            raise SecureApiError(f"{which} has no secure API component named {component}")
        raise SecureApiError(f"{which} has no SecureRestApi or IAMSecureRestApi (no component with an openApiDocument and a RestApi)")
    return found


__all__ = [
    "EXPORT_PARAMETERS", "FINDING_KINDS", "api_gateway_arn", "audit_apis", "canonical_policy", "compare_api", "describe_security",
    "exit_code", "expectations_from_stack", "expectations_from_state", "operations_from_document", "operations_from_resources",
    "partition_of", "read_live_api", "render_json", "render_table", "state_resources", "urn_name",
]
