"""Renders API Gateway mapping templates with a real Velocity engine.

The engine is the one LocalStack's API Gateway runs (airspeed, through
LocalStack's ApiGatewayVtlTemplate), driven directly with the variables API
Gateway gives a template ($input, $util, $context), built as LocalStack's
apigateway provider builds them, so that values LocalStack's HTTP path leaves
empty (headers, the request context, the authorizer's context) can be given.

$input.body of an empty body is "{}", in API Gateway as in LocalStack (which
changed to match it: localstack/localstack#10816; CDK's README shows a GET's
input with "body": {}). $input.path gives strings Java's toString and equals, which airspeed's lack.
One thing differs from LocalStack and follows API
Gateway's documentation instead ("API Gateway mapping template and access
logging variable reference"): with util "aws", $util.escapeJavaScript follows
JavaScript string rules as API Gateway's does (Apache Commons Lang's
escapeJavaScript): ' becomes \\', / becomes \\/, control and non-ASCII
characters \\uXXXX. util "localstack" keeps LocalStack's.

Run with LocalStack's Python (bash scripts/tool.sh localstack). Reads a JSON
list of cases on stdin, writes a JSON list of results on stdout:
  case:   {"template", "kind": "request" | "response", "util": "aws" | "localstack",
           "body": str, "path": {}, "querystring": {}, "header": {}, "context": {}}
  result: {"output": str, "status": int | null (a responseOverride.status)} or {"error": str}
"""
import json
import sys

from localstack.services.apigateway.next_gen.execute_api.template_mapping import (
    ApiGatewayVtlTemplate,
    VelocityInput,
    VelocityUtilApiGateway,
)
from localstack.services.apigateway.next_gen.execute_api.variables import (
    ContextVariableOverrides,
    ContextVarsRequestOverride,
    ContextVarsResponseOverride,
)


def escape_javascript(value):
    """Apache Commons Lang 2 StringEscapeUtils.escapeJavaScript, which API Gateway's $util.escapeJavaScript is."""
    if value is None:
        return None  # Java's null: Velocity then prints the reference as written, unless it is quiet ($!)
    if value is True or value is False:
        return str(value).lower()
    out = []
    for ch in str(value):
        code = ord(ch)
        if code > 0x7F:
            # UTF-16 code units, as Java strings hold them.
            units = ch.encode("utf-16-be")
            for i in range(0, len(units), 2):
                out.append("\\u%04X" % int.from_bytes(units[i : i + 2], "big"))
        elif code < 32:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(code, "\\u%04X" % code))
        elif ch in "'\"\\/":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


class AwsUtil(VelocityUtilApiGateway):
    def escapeJavaScript(self, obj):
        return escape_javascript(obj)


class JavaString(str):
    """A string as Java has it in API Gateway's templates: $input.path('$.status').toString().equals("FAILED")."""

    def toString(self):
        return self

    def equals(self, other):
        return str(self) == str(other)


class JavaInput(VelocityInput):
    def path(self, path):
        value = super().path(path)
        return JavaString(value) if isinstance(value, str) else value


class Template(ApiGatewayVtlTemplate):
    def __init__(self, util):
        super().__init__()
        self.util = util

    def prepare_namespace(self, variables, source=None):
        namespace = super().prepare_namespace(variables)
        input_var = variables.get("input") or {}
        namespace["input"] = JavaInput(input_var.get("body"), input_var.get("params"))
        if self.util == "aws":
            namespace["util"] = AwsUtil()
        return namespace


def render(case):
    context = {
        "requestOverride": ContextVarsRequestOverride(header={}, path={}, querystring={}),
        "responseOverride": ContextVarsResponseOverride(header={}, status=0),
    }
    context.update(case.get("context") or {})
    variables = {
        "context": context,
        "input": {
            "body": case.get("body", ""),
            "params": {
                "path": case.get("path") or {},
                "querystring": case.get("querystring") or {},
                "header": case.get("header") or {},
            },
        },
        "stageVariables": {},
    }
    overrides = ContextVariableOverrides(
        requestOverride=context["requestOverride"], responseOverride=context["responseOverride"]
    )
    template = Template(case.get("util", "aws"))
    if case.get("kind", "request") == "request":
        output, _ = template.render_request(case["template"], variables, overrides)
        return {"output": output, "status": None}
    output, response = template.render_response(case["template"], variables, overrides)
    return {"output": output, "status": response.get("status") or None}


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(render(case))
        except Exception as e:  # a template the engine cannot render is a result too
            results.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
