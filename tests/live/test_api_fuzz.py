"""Property-based fuzzing of the served API from its own OpenAPI document (schemathesis):
every operation, as a rep and as an admin, bounded in examples. Zero 5xx, and every
response must match what the document says (status, content type, body schema)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.live.http import api_token

# Bounded for CI: examples per operation and role (about 40 operations x 2 roles).
EXAMPLES = 12
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance,
          content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(demo: str) -> Any:
    return schemathesis.openapi.from_url(demo + "/api/v1/openapi.json")


@pytest.fixture(scope="module")
def tokens(demo: str) -> Iterator[dict[str, dict[str, str]]]:
    # Minted before the fuzzer's wrong passwords can slow sign-ins from this address.
    yield {"rep": api_token(demo, "rep@example.com"),
           "admin": api_token(demo, "admin@example.com")}


# Revoking the token the fuzzer signs in with would turn the rest into 401s; token
# revocation has its own tests.
SKIPPED = re.compile(r"^DELETE /api/v1/tokens")
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


def _summary(exc: BaseException) -> str:
    found = [str(e).splitlines()[0] for e in getattr(exc, "exceptions", [exc])]
    text = str(exc)
    reproduce = text[text.find("curl"):].splitlines()[0] if "curl" in text else ""
    return "; ".join(found) + (f" ({reproduce[:300]})" if reproduce else "")


def _fuzz(api_schema: Any, demo: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Run every operation's examples; return how many calls were made and the failures."""
    calls, failures = 0, []
    for found in api_schema.get_all_operations():
        operation = found.ok()
        if SKIPPED.match(operation.label):
            continue

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case: Any) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(base_url=demo, headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, FailureGroup) as exc:  # every operation is tried, all reported
            failures.append(f"{operation.label}: {_summary(exc)}")
    return calls, failures


# (Schemathesis' own pytest plugin does not load under pytest 9; the strategies do.)
def test_api_answers_a_rep_as_documented(api_schema: Any, tokens: dict[str, dict[str, str]],
                                         demo: str) -> None:
    calls, failures = _fuzz(api_schema, demo, tokens["rep"])
    print(f"fuzzed {calls} calls as a rep")
    assert not failures, "\n\n".join(failures)


def test_api_answers_an_admin_as_documented(api_schema: Any,
                                            tokens: dict[str, dict[str, str]],
                                            demo: str) -> None:
    calls, failures = _fuzz(api_schema, demo, tokens["admin"])
    print(f"fuzzed {calls} calls as an admin")
    assert not failures, "\n\n".join(failures)
