"""The ``secure-api`` console script of the Python client. ``secure-api audit``
reads the live API as API Gateway serves it and compares it with what was
deployed: from the stack's state (``--stack``, the default: the selected
stack) or given (``--rest-api-id``, ``--stage``, ``--expected``). Exit 0 clean,
1 drift found, 2 could not read (or a usage error). The same options, report
and exit status as the TypeScript client's ``secure-api audit``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, List, Optional, Sequence, TextIO

from botocore.exceptions import BotoCoreError

from .audit import audit_apis, exit_code, expectations_from_stack, render_json, render_table
from .errors import SecureApiError

AUDIT_EPILOG = """\
What is compared (docs/audit.md): every operation's security (API key, AWS_IAM,
authorizer, scopes) and integration in the deployed stage (GetExport) and in the
draft API (GetResources: a change not deployed yet is "latent"), the stage's
deployment, WAF, logs, tracing, client certificate and method settings, the
usage plans and keys on the stage, the resource policy, key source and endpoint,
and the custom domain's mapping and mutual TLS.

Exit status: 0 no drift; 1 drift found; 2 could not read everything (the
report names each missing permission) or a usage error.

Examples:
  secure-api audit                                  # every secure API of the selected stack
  secure-api audit --stack prod --json > audit.json
  secure-api audit --rest-api-id a1b2c3d4e5 --stage prod --expected openapi.json --region eu-west-1
"""


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("secure-api-client")
    except Exception:  # not installed (tests import the source tree)
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="secure-api",
        description="Tools for a REST API deployed by pulumi-secure-api (the Python client's command).",
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    audit = commands.add_parser(
        "audit",
        help="compare the live API (as API Gateway serves it) with what was deployed; exit 0 clean, 1 drift, 2 could not read",
        description="Compare the live API (as API Gateway serves it) with what was deployed; exit 0 clean, 1 drift, 2 could not read.",
        epilog=AUDIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    audit.add_argument("--stack", help="the Pulumi stack whose components to audit (else the selected stack)")
    audit.add_argument("--cwd", help="the Pulumi project's directory (for pulumi stack export)")
    audit.add_argument("--component", help="only the component with this resource name")
    audit.add_argument("--rest-api-id", help="audit this REST API instead of a stack's (with --stage and --expected)")
    audit.add_argument("--stage", help="with --rest-api-id: the stage")
    audit.add_argument("--expected", help="with --rest-api-id: the OpenAPI document the API was deployed from (JSON)")
    audit.add_argument("--deployment-id", help="with --rest-api-id: the deployment the stage must serve")
    audit.add_argument("--api-key-id", action="append", help="with --rest-api-id: a key that must be enabled on a usage plan of the stage (repeatable)")
    audit.add_argument("--region", help="the API's region (else the stack's, then AWS_REGION)")
    audit.add_argument("--profile", help="AWS profile for the reads")
    audit.add_argument("--endpoint-url", help="endpoint for API Gateway (LocalStack, moto); also AWS_ENDPOINT_URL_API_GATEWAY")
    audit.add_argument("--json", action="store_true", help="write the report as JSON")
    # Usage errors found after parsing are reported by the subcommand's parser (its name in the message).
    audit.set_defaults(parser=audit)
    return parser


def _given_expectation(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Dict[str, Any]:
    if not args.stage or not args.expected:
        parser.error("--rest-api-id needs --stage and --expected (the OpenAPI document it was deployed from)")
    if args.component:
        parser.error("--component applies to a stack's components, not to --rest-api-id")
    try:
        with open(args.expected, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        parser.error(f"--expected {args.expected}: cannot read it ({e.strerror})")
    try:
        document = json.loads(text)
    except ValueError:
        parser.error(f"--expected {args.expected}: not JSON (give the OpenAPI document as JSON, e.g. the component's openApiDocument output)")
    if not isinstance(document, dict) or "paths" not in document:
        parser.error(f"--expected {args.expected}: not an OpenAPI document (no paths)")
    x: Dict[str, Any] = {"name": os.path.basename(args.expected), "restApiId": args.rest_api_id, "stageName": args.stage}
    if args.region:
        x["region"] = args.region
    x["document"] = document
    if args.deployment_id:
        x["deploymentId"] = args.deployment_id
    if args.api_key_id:
        # Keys given: each must be enabled and attached to a plan covering the stage.
        x["apiKeys"] = [{"id": k, "enabled": True} for k in args.api_key_id]
    return x


def _audit(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO) -> int:
    if args.rest_api_id and args.stack:
        parser.error("--stack and --rest-api-id cannot be used together")
    if not args.rest_api_id:
        for flag in ("stage", "expected", "deployment_id", "api_key_id"):
            if getattr(args, flag) is not None:
                parser.error(f"--{flag.replace('_', '-')} applies with --rest-api-id only")
    try:
        if args.rest_api_id:
            expectations: List[Dict[str, Any]] = [_given_expectation(args, parser)]
        else:
            expectations = expectations_from_stack(args.stack, cwd=args.cwd, component=args.component)
        # --region wins; else the stack's region for each API, else the environment's.
        region = args.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        expectations = [{**x, "region": region} if region and (args.region or not x.get("region")) else x for x in expectations]
        audits = audit_apis(expectations, profile=args.profile, endpoint_url=args.endpoint_url)
    except (SecureApiError, ValueError, BotoCoreError) as e:
        # Nothing could be audited (no stack, no components, no region): exit 2, "could not read".
        err.write(f"error: {' '.join(str(e).split())}\n")
        return 2
    out.write(render_json(audits) if args.json else render_table(audits))
    return exit_code(audits)


def main(argv: Optional[Sequence[str]] = None, *, out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Runs the command with ``argv`` (the arguments after the program name); returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return _audit(args, args.parser, out, err)
    except SystemExit as e:  # argparse: usage errors exit 2, --help and --version 0
        return int(e.code or 0)


def run() -> None:
    """Entry point of the console script."""
    sys.exit(main())


if __name__ == "__main__":  # python -m secure_api_client.cli
    run()
