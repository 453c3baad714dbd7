"""Schemathesis over the whole OpenAPI of /api/v1, in process against the WSGI app, on the demo
organisation: every operation gets a bounded number of generated requests (deterministic),
sent with a clerk's and with a security officer's token. Any server error (5xx) and any answer
that contradicts the schema (an undocumented status code or content type, a body or header not
matching its schema) fails the test, listed per operation. Runs with BAOMI_SCHEMATHESIS=1."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from baomi.accounts.models import Account
from baomi.accounts.operations import create_token

pytestmark = pytest.mark.schemathesis

# Per operation and role: ~160 operations, well under 3 minutes on 2 cores. A deeper run:
# BAOMI_SCHEMATHESIS_EXAMPLES=200.
EXAMPLES = int(os.environ.get("BAOMI_SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same cases on every run
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: every failure is reported as found
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def _connection_kept() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across requests, as Django's
    test client does: the WSGI handler closes it when a request starts and ends."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _fuzz(account_id: int) -> tuple[Counter[int], dict[str, str]]:
    """Run every operation; answers the statuses answered and the first failure of each
    operation that failed. Every case carries a token of its own: a case that revokes the
    caller's tokens (a password change, ``/tokens/{id}/revoke``) leaves the next ones their
    authentication."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    statuses: Counter[int] = Counter()
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():

        @SETTINGS
        @hypothesis.given(case=result.ok().as_strategy())
        def run(case: Any) -> None:
            headers = {"Authorization": f"Bearer {create_token(actor=None, account_id=account_id)}"}
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Failure, FailureGroup) as failure:
                failures.setdefault(case.operation.label, f"{failure}\n{case.as_curl_command()}")

        run()
    return statuses, failures


@pytest.mark.parametrize("username", ["clerk", "secofficer"])
def test_the_api_keeps_to_its_openapi(demo_built, username, capsys):
    with _connection_kept():
        statuses, failures = _fuzz(Account.objects.get(username=username).pk)
    with capsys.disabled():
        print(
            f"\nschemathesis as {username}: {statuses.total()} cases, "
            f"{len(failures)} failing operations; answers {dict(sorted(statuses.items()))}"
        )
    assert statuses[401] == 0, "the caller lost its authentication: the run proves little"
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures.items())
