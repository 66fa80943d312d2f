"""The upload request body, parsed as it streams in: form fields into memory (small, capped), the one file part
straight into a spool file on the gateway's volume, hashing as it goes and refused past the size limit.

Nothing of the file is held in memory beyond the chunk being written. On any failure the spool file is removed.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELD_BYTES = 64 * 1024
MAX_FIELDS = 50


class UploadError(Exception):
    """A request the gateway refuses; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class SpooledFile:
    path: Path
    filename: str
    size: int = 0
    sha256: str = ""


@dataclass
class UploadForm:
    fields: dict[str, str] = field(default_factory=dict)
    file: SpooledFile | None = None

    def discard(self) -> None:
        if self.file is not None:
            self.file.path.unlink(missing_ok=True)
            self.file = None


def safe_filename(name: str) -> str:
    """The basename of a client-given file name, in safe characters (it ends up in a URL path and a label)."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".")
    return base[:200] or "report"


def too_large(max_bytes: int) -> UploadError:
    mb = max_bytes / (1024 * 1024)
    return UploadError(
        413,
        f"Payload too large: the file exceeds the upload limit of {mb:g} MB. Split the report or ask the operator "
        "of this service to raise gateway.maxUploadMB (MAX_UPLOAD_SIZE_MB).",
    )


class _Collector:
    def __init__(self, spool_dir: Path, max_bytes: int) -> None:
        self.spool_dir = spool_dir
        self.max_bytes = max_bytes
        self.form = UploadForm()
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name = ""
        self._is_file = False
        self._data = bytearray()
        self._out: int | None = None
        self._digest = hashlib.sha256()
        self.error: UploadError | None = None

    # python-multipart callbacks (synchronous; called from `write`)
    def on_part_begin(self) -> None:
        self._disposition, self._name, self._is_file = b"", "", False
        self._data = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if not self._name:
            raise UploadError(400, "a multipart part has no name in its Content-Disposition")
        if b"filename" in options:
            if self._name != "file":
                raise UploadError(400, f"unexpected file part {self._name!r}: send the report as the `file` field")
            if self.form.file is not None:
                raise UploadError(400, "send exactly one file per upload")
            self._is_file = True
            filename = safe_filename(options[b"filename"].decode("utf-8", "replace"))
            fd, tmp = tempfile.mkstemp(dir=self.spool_dir, prefix=".upload-")
            self._out = fd
            self._digest = hashlib.sha256()
            self.form.file = SpooledFile(Path(tmp), filename)
        elif len(self.form.fields) >= MAX_FIELDS:
            raise UploadError(400, f"too many form fields (at most {MAX_FIELDS})")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._is_file:
            assert self.form.file is not None and self._out is not None
            self.form.file.size += len(chunk)
            if self.form.file.size > self.max_bytes:
                raise too_large(self.max_bytes)
            self._digest.update(chunk)
            os.write(self._out, chunk)
        else:
            if len(self._data) + len(chunk) > MAX_FIELD_BYTES:
                raise UploadError(400, f"form field {self._name!r} is longer than {MAX_FIELD_BYTES} bytes")
            self._data.extend(chunk)

    def on_part_end(self) -> None:
        if self._is_file:
            self._close_file()
        else:
            self.form.fields[self._name] = self._data.decode("utf-8", "replace")

    def _close_file(self) -> None:
        if self._out is not None:
            os.close(self._out)
            self._out = None
            assert self.form.file is not None
            self.form.file.sha256 = self._digest.hexdigest()

    def abort(self) -> None:
        if self._out is not None:
            os.close(self._out)
            self._out = None
        self.form.discard()


async def parse_upload(
    content_type: str | None, stream: AsyncIterator[bytes], spool_dir: Path, max_bytes: int
) -> UploadForm:
    """Parse a multipart/form-data body. Raises UploadError (400, 413, 415)."""
    kind, params = parse_options_header(content_type or "")
    if kind != b"multipart/form-data":
        raise UploadError(415, "send the upload as multipart/form-data (curl -F, requests' files=)")
    boundary = params.get(b"boundary")
    if not boundary:
        raise UploadError(400, "the multipart/form-data Content-Type has no boundary")
    spool_dir.mkdir(parents=True, exist_ok=True)
    collector = _Collector(spool_dir, max_bytes)
    callbacks = {
        name: getattr(collector, name)
        for name in (
            "on_part_begin",
            "on_part_data",
            "on_part_end",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
        )
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in stream:
            if chunk:
                parser.write(chunk)
        parser.finalize()
    except UploadError:
        collector.abort()
        raise
    except Exception as exc:  # python-multipart's MultipartParseError and friends
        collector.abort()
        raise UploadError(400, f"malformed multipart body: {type(exc).__name__}") from None
    collector._close_file()
    return collector.form
