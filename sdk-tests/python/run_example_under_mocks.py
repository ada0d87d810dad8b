"""
Runs a Python Pulumi program (argv[1]) under Pulumi's mocks, in this process alone, then
prints one line: RESULT {"registrations": [...types], "exports": [...names]}.
Used by test_example.py.
"""
import json
import runpy
import sys

import pulumi

registrations = []
exports = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        registrations.append(args.typ)
        return [f"{args.name}-id", args.inputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        raise AssertionError(f"unexpected invoke {args.token}")


pulumi.runtime.set_mocks(Mocks(), project="secure-api-example", stack="dev", preview=False)

_export = pulumi.export


def _recording_export(name, value):
    exports.append(name)
    _export(name, value)


pulumi.export = _recording_export


@pulumi.runtime.test
def run():
    runpy.run_path(sys.argv[1], run_name="__main__")


run()
print("RESULT " + json.dumps({"registrations": registrations, "exports": exports}))
