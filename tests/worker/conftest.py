from tests.fixtures.objectstores import http_store, s3_store  # noqa: F401
