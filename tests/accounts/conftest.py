"""The JSON client of the API tests, for the account tests that call the API too."""

from tests.api.conftest import api  # noqa: F401 - a fixture
