"""The key from `pulumi stack output --json --show-secrets APIKey`, through a
stand-in `pulumi` on PATH that records its arguments."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from conftest import KEY
from secure_api_client import SecureApiError, api_key_from_stack_output


def stand_in_pulumi(directory, stdout: str, exit_code: int = 0, stderr: str = ""):
    """A `pulumi` script that writes its arguments next to itself and prints `stdout`."""
    script = directory / "pulumi"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, pathlib\n"
        "pathlib.Path(__file__).with_name('args.json').write_text(json.dumps(sys.argv[1:]))\n"
        f"sys.stdout.write({stdout!r}); sys.stderr.write({stderr!r}); sys.exit({exit_code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{directory}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_reads_the_output_of_the_named_stack(tmp_path):
    env = stand_in_pulumi(tmp_path, json.dumps(KEY))
    assert api_key_from_stack_output("dev", env=env) == KEY
    assert json.loads((tmp_path / "args.json").read_text()) == ["stack", "output", "--json", "--show-secrets", "--stack", "dev", "APIKey"]


def test_a_failure_gives_pulumis_reason_and_never_its_stdout(tmp_path):
    env = stand_in_pulumi(tmp_path, KEY, 255, "error: no stack named 'dev' found\n")
    with pytest.raises(SecureApiError) as error:
        api_key_from_stack_output("dev", env=env)
    assert str(error.value) == "pulumi stack output APIKey failed (exit 255): error: no stack named 'dev' found"


def test_without_pulumi_on_path(tmp_path):
    with pytest.raises(SecureApiError, match="^the pulumi CLI is not on PATH"):
        api_key_from_stack_output(env={"PATH": str(tmp_path)})
