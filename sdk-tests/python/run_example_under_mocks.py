"""
Runs a Python Pulumi program (argv[1]) under Pulumi's mocks, in this process alone, then
prints one line: RESULT {"registrations": [...types], "exports": [...names],
"components": {name: inputs of each secure-api component, as the SDK sent them}}.
Used by test_example.py; `run_under_mocks` is also used by check_readme_python.py.
"""
import json
import runpy
import sys

import pulumi


LAST_MOCKS = None


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.registrations = []
        self.components = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registrations.append(args.typ)
        if args.typ.startswith("secure-api:"):
            self.components[args.name] = args.inputs
        return [f"{args.name}-id", args.inputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        raise AssertionError(f"unexpected invoke {args.token}")


def run_under_mocks(program, init_globals=None):
    """Runs the program file under fresh mocks; returns (registered types, exported names). The mocks
    are kept in LAST_MOCKS (for the components' inputs)."""
    global LAST_MOCKS
    mocks = LAST_MOCKS = Mocks()
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
    return mocks.registrations, exports


if __name__ == "__main__":
    registrations, exports = run_under_mocks(sys.argv[1])
    result = {"registrations": registrations, "exports": exports, "components": LAST_MOCKS.components}
    print("RESULT " + json.dumps(result, default=str))
