from tests.audit.tamper import signing_key  # noqa: F401 - an autouse fixture for this package
