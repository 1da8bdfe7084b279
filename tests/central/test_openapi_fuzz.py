"""Schemathesis against the live server's /openapi.json, with a valid terminal token:
whatever the generated requests hold, no answer is a server error.

Hypothesis drives each operation's strategy directly: schemathesis's lazy pytest
fixture loader does not work with this pytest (it reads a private node attribute).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from central.db import Database
from central.serve import ServerThread
from tests.central.conftest import register_terminal

EXAMPLES = 30  # per operation: a bounded run, well under a minute for all of them


def test_no_request_makes_a_server_error(server: ServerThread, db: Database) -> None:
    token = register_terminal(db, 3)
    schema = schemathesis.openapi.from_url(f"{server.base_url}/openapi.json")
    # Only the terminals' API; the dashboard has its own tests.
    operations = [r.ok() for r in schema.include(path_regex="^/api/").get_all_operations()]
    assert len(operations) == 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(
                base_url=server.base_url,
                headers={"Authorization": f"Bearer {token}"},
                checks=[not_a_server_error],
            )

        no_server_error()
