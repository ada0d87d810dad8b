"""Fixtures: a moto server (one per session), a recording API server, and an
environment where botocore sees only the AWS settings the tests give it."""

from __future__ import annotations

import os
from pathlib import Path

import botocore.session
import pytest

from moto_server import MOTO_CREDENTIALS, MotoServer
from recording_server import RecordingServer

REGION = "eu-west-1"
# Made-up values in the shape of real ones, so leak checks mean something.
KEY = "Zq3vT8pLm2Xc9Rw4Yb7Nd1Hs6Kf0Gj5AeUi8OoPt"
USER = ("AKIAMOTOUSER00000001", "userSecretKey/0000000000000000000000000001")
OTHER = ("AKIAOTHERPROFILE0001", "otherProfileKey/000000000000000000000001")
ROLE_ARN = "arn:aws:iam::123456789012:role/shop-dev@api-invoke-role"


@pytest.fixture(scope="session")
def moto():
    server = MotoServer()
    yield server
    server.stop()


@pytest.fixture
def aws(moto):
    """Clients on moto, from a clean slate."""
    moto.reset()

    def client(service: str):
        return botocore.session.Session().create_client(
            service, region_name=REGION, endpoint_url=moto.endpoint, **MOTO_CREDENTIALS
        )

    return client


@pytest.fixture(scope="module")
def _api():
    server = RecordingServer()
    yield server
    server.close()


@pytest.fixture
def api(_api):
    _api.reset()
    return _api


@pytest.fixture(autouse=True)
def aws_env(tmp_path: Path, monkeypatch):
    """No AWS_* from the machine; a private credentials file with a default
    profile (moto's dummy keys) and an `other` profile."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[default]\naws_access_key_id = {MOTO_CREDENTIALS['aws_access_key_id']}\n"
        f"aws_secret_access_key = {MOTO_CREDENTIALS['aws_secret_access_key']}\n"
        f"[other]\naws_access_key_id = {OTHER[0]}\naws_secret_access_key = {OTHER[1]}\n"
    )
    config = tmp_path / "config"
    config.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return tmp_path
