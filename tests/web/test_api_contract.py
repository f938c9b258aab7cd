"""Property-based contract tests: schemathesis drives the app through its own OpenAPI document.

Every generated request (valid and invalid) must get a documented status, content type,
headers and body shape, and never a server error. The schema is the committed
docs/openapi.json, which test_api_openapi.py proves is what the app serves by default.
(``schemathesis.pytest.from_fixture`` is not used: with pytest 9 it fails on the removed
``Node._nodeid``; the app is handed to each call instead.)
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.test_api import AppFactory, api_seeded_sqlite, make_app  # noqa: F401  (fixtures)
from tests.web.test_api_openapi import COMMITTED

schema = schemathesis.openapi.from_path(str(COMMITTED))


@pytest.fixture
def api_app(make_app: AppFactory) -> Flask:
    return make_app(api_rate_limit=0)


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_conforms_to_its_document(case: schemathesis.Case, api_app: Flask) -> None:
    # positive_data_acceptance is left out on purpose: filter values such as ``programme`` are
    # slugs in the document but must also exist in the catalogue, and unknown ones are a 400.
    case.call_and_validate(app=api_app, excluded_checks=[positive_data_acceptance])
