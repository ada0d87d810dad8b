"""
Runs a Python Pulumi program (argv[1]) under Pulumi's mocks, in this process alone, then
prints one line: RESULT {"registrations": [...types], "exports": [...names], "components": [...]}:
each secure-api component as the SDK sends it (type, name, inputs; a resource input as
{"$resource": its name}). Used by test_example.py and by the scanners test
(test-support/exampleComponents.ts) and test_example_openapi.py; `run_under_mocks` is also used by
check_readme_python.py.
"""
import json
import runpy
import sys

import pulumi


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.registrations = []
        self.components = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registrations.append(args.typ)
        if args.typ.startswith("secure-api:"):
            self.components.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        return [f"{args.name}-id", args.inputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        raise AssertionError(f"unexpected invoke {args.token}")


def run_under_mocks(program, init_globals=None):
    """Runs the program file under fresh mocks; returns (registered types, exported names). The
    components' registrations are left in run_under_mocks.components."""
    mocks = Mocks()
    exports = []
    pulumi.runtime.set_mocks(mocks, project="secure-api-example", stack="dev", preview=False)
    export = pulumi.export

    def recording_export(name, value):
        exports.append(name)
        export(name, value)

    @pulumi.runtime.test
    def run():
        runpy.run_path(program, init_globals=init_globals, run_name="__main__")

    pulumi.export = recording_export
    try:
        run()
    finally:
        pulumi.export = export
    run_under_mocks.components = mocks.components
    return mocks.registrations, exports


def _resource_as_name(value):
    if isinstance(value, pulumi.Resource):
        return {"$resource": value._name}  # pylint: disable=protected-access
    raise TypeError(f"not JSON: {value!r}")


if __name__ == "__main__":
    registrations, exports = run_under_mocks(sys.argv[1])
    print("RESULT " + json.dumps({"registrations": registrations, "exports": exports,
                                  "components": run_under_mocks.components}, default=_resource_as_name))
