from tests.fixtures.objectstores import azure_store, gcs_store, http_store, https_store, s3_store  # noqa: F401
