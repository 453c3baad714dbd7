"""Production settings refuse unsafe configurations; defaults match the issue."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("BAOMI_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import baomi.settings"],
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"BAOMI_PRODUCTION": "1"}, "BAOMI_SECRET_KEY"),
        (
            {"BAOMI_PRODUCTION": "1", "BAOMI_SECRET_KEY": "x" * 50, "BAOMI_DEBUG": "1"},
            "BAOMI_DEBUG",
        ),
    ],
)
def test_production_refuses_demo_key_and_debug(env, complaint):
    """Production refuses to start with the demo secret key or with DEBUG on."""
    result = _import_settings(**env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _import_settings(BAOMI_PRODUCTION="1", BAOMI_SECRET_KEY="k" * 49)
    assert result.returncode != 0 and "at least 50 characters" in result.stderr


def test_production_starts_with_a_real_key():
    result = _import_settings(BAOMI_PRODUCTION="1", BAOMI_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr


def test_defaults_are_shanghai_and_simplified_chinese():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
