"""
Checks the Python code blocks of the READMEs (driven by sdk-tests/nodejs/readmeSnippets.test.ts).

argv[1]: a JSON list of {"id": ..., "file": snippet.py}. For each snippet: it byte-compiles;
every name it imports from pulumi_secure_api or secure_api_client exists in the installed
package; every call of such a function binds to its signature (argument count, keyword
names). A snippet that defines test_* functions is a unit test with its own mocks: each test
runs once. Another snippet that uses the SDK is a program: it runs under Pulumi's mocks (the harness
first defines the free names it uses, e.g. `fn`, a Lambda function, and `routes`) and must
register a secure-api component. Prints one line: RESULT {id: [problems]}.
"""
import ast
import builtins
import importlib
import inspect
import json
import os
import runpy
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from run_example_under_mocks import run_under_mocks  # noqa: E402

CHECKED_MODULES = ("pulumi_secure_api", "secure_api_client")

# Free names a snippet may use without defining them, and the harness lines that define them.
PRELUDE = {
    "pulumi": ["import pulumi"],
    "aws": ["import pulumi_aws as aws"],
    "fn": ["import pulumi", "import pulumi_aws as aws",
           'fn = aws.lambda_.Function("fn", role="arn:aws:iam::123456789012:role/fn", runtime="python3.12",'
           ' handler="index.handler", code=pulumi.AssetArchive({}))'],
}
PRELUDE["handler"] = PRELUDE["fn"][:-1] + [PRELUDE["fn"][-1].replace("fn = ", "handler = ")]
PRELUDE["routes"] = PRELUDE["fn"] + ["from pulumi_secure_api import Http, lambda_methods",
                                     "routes = [lambda_methods(fn, Http.GET)]"]


def free_names(tree):
    defined, used = set(dir(builtins)), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (defined.add if isinstance(node.ctx, ast.Store) else used.append)(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
    return [n for n in dict.fromkeys(used) if n not in defined]


def signature_problems(tree, imported):
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported):
            continue
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            continue
        fn = imported[node.func.id]
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            continue
        try:
            sig.bind(*([None] * len(node.args)), **{k.arg: None for k in node.keywords})
        except TypeError as e:
            problems.append(f"line {node.lineno}: {node.func.id}(...) does not match {node.func.id}{sig}: {e}")
    return problems


def check(snippet):
    source = open(snippet["file"]).read()
    try:
        tree = ast.parse(source, snippet["file"])
        compile(source, snippet["file"], "exec")
    except SyntaxError as e:
        return [f"does not compile: {e}"]
    problems, imported = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in CHECKED_MODULES:
            module = importlib.import_module(node.module)
            for alias in node.names:
                if not hasattr(module, alias.name):
                    problems.append(f"line {node.lineno}: {node.module} has no {alias.name}")
                else:
                    imported[alias.asname or alias.name] = getattr(module, alias.name)
    sdk = importlib.import_module("pulumi_secure_api")
    free = free_names(tree)
    uses_sdk = "pulumi_secure_api" in source or any(hasattr(sdk, n) for n in free)
    for name in free:
        if hasattr(sdk, name):
            imported.setdefault(name, getattr(sdk, name))
    problems += signature_problems(tree, imported)
    if problems or not uses_sdk:
        return problems
    tests = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    if tests:
        # A unit test with its own mocks: run it as pytest would, each test function once.
        try:
            namespace = runpy.run_path(snippet["file"], run_name="readme_snippet")
            for name in tests:
                namespace[name]()
        except BaseException as e:  # noqa: BLE001
            return [f"test fails: {type(e).__name__}: {e}"]
        return problems
    # A program: run it under mocks, the free names defined by the harness first.
    prelude = []
    for name in free:
        lines = PRELUDE.get(name) or ([f"from pulumi_secure_api import {name}"] if hasattr(sdk, name) else None)
        if lines is None:
            problems.append(f"free name {name}: neither defined by the snippet nor by the harness")
            continue
        prelude += [line for line in lines if line not in prelude]
    if problems:
        return problems
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as program:
        program.write("\n".join(prelude) + "\n" + source)
    try:
        registrations, _ = run_under_mocks(program.name)
    except BaseException as e:  # noqa: BLE001: any failure of the program is the snippet's problem
        return [f"fails under mocks: {type(e).__name__}: {e}"]
    finally:
        os.unlink(program.name)
    if not any(t.startswith("secure-api:") for t in registrations):
        problems.append(f"registers no secure-api component under mocks (registered: {registrations})")
    return problems


if __name__ == "__main__":
    snippets = json.load(open(sys.argv[1]))
    print("RESULT " + json.dumps({s["id"]: check(s) for s in snippets}))
