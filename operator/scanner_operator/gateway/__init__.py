"""The Phoenix Scanner Service API as a gateway over ScanImports (`phoenix-scanner serve`).

Each upload becomes one ScanImport (its name is the job id) whose report the gateway stored where the worker can
fetch it with the existing sources: an object-store bucket, or the gateway's own volume served back over an
authenticated internal URL (the HTTP source). Status, list, cancel, the WebSocket stream and the web page read the
ScanImports; nothing of the seed's queue or database remains.

Modules: `config` (settings from env), `auth` (API keys held hashed in a Secret), `upload` (streaming multipart
parser with a size limit), `form` (validating the upload form into a ScanImport spec), `storage` (where reports
go), `jobs_view` (ScanImport -> the seed's JSON shapes, pure), `cluster` (the Kubernetes calls), `hub` (one watch
over all gateway ScanImports, fanned out to WebSocket clients), `ws`, `page` and `app` (the FastAPI app).
"""
