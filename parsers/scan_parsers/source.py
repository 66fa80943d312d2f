"""Opening a report: plain files, gzip and zip transparently, with size limits and bomb guards."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import InvalidReport, UnsafeReport

HEAD_SIZE = 1 << 20
DEFAULT_MAX_BYTES = 4 << 30  # decompressed; a report larger than 4 GiB is refused
MAX_COMPRESSION_RATIO = 200  # real reports compress 10-50x; more is a bomb
#: What zipfile raises on a damaged archive: BadZipFile, NotImplementedError for an unknown version or compression
#: method in a corrupted member header, EOFError/OSError for cut data, ValueError for impossible field values.
_ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError)


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_ratio: int = MAX_COMPRESSION_RATIO


class _LimitedReader(io.RawIOBase):
    """Counts decompressed bytes and refuses to go past the limit or a bomb-like ratio."""

    def __init__(self, inner: IO[bytes], limit: int, compressed_size: int | None, max_ratio: int, name: str) -> None:
        self._inner = inner
        self._limit = limit
        self._compressed = compressed_size
        self._ratio = max_ratio
        self._read = 0
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(b))
        except (*_ZIP_ERRORS, zlib.error) as exc:
            raise InvalidReport(f"{self._name}: compressed data is corrupt ({exc})") from exc
        n = len(data)
        self._read += n
        if self._read > self._limit:
            raise UnsafeReport(f"{self._name}: report is larger than the limit of {self._limit} bytes")
        if self._compressed and self._read > 1 << 24 and self._read > self._compressed * self._ratio:
            raise UnsafeReport(
                f"{self._name}: compression ratio above {self._ratio}:1 looks like a decompression bomb; refused"
            )
        b[:n] = data
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


def _not_a_file(p: Path) -> str:
    """Why `p` cannot be read as a report, in words a person can act on."""
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    if stat.S_ISDIR(mode):
        return "is a directory, not a report file (give the report itself, or a zip of the directory)"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a pipe, socket or device, not a regular file: save the report to a file first"
    return "is not a regular file"


def _is_report_member(name: str) -> bool:
    return not name.startswith(("__MACOSX/", ".")) and "/." not in name


class ReportInput:
    """A report on disk (or in memory). `open()` yields a fresh decompressed binary stream each time."""

    def __init__(
        self, path: Path | None = None, data: bytes | None = None, name: str | None = None, limits: Limits | None = None
    ) -> None:
        if (path is None) == (data is None):
            raise ValueError("give exactly one of path or data")
        self.path = path
        self._data = data
        self.name = name or (path.name if path else "report")
        self.limits = limits or Limits()
        #: Repair container-level damage (BOM, encoding, CSV drift, a truncated last record) instead of failing.
        self.fix_data = True
        #: Where repairs are reported as warnings (the parse context sets it).
        self.repair_sink: Callable[[str, str], None] | None = None
        self._repaired: set[str] = set()
        self._member: str | None = None
        self._kind = "plain"
        self.zip_members: list[str] = []
        #: The zip members that can be reports (not macOS resource forks or hidden files).
        self.report_members: list[str] = []
        self._inspect()
        self._head: bytes | None = None

    def repair(self, code: str, message: str) -> None:
        """Record a repair once per kind, as a warning of the parse."""
        if code not in self._repaired:
            self._repaired.add(code)
            if self.repair_sink is not None:
                self.repair_sink(code, message)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], limits: Limits | None = None) -> ReportInput:
        p = Path(path)
        if not p.is_file():
            raise InvalidReport(f"{p}: {_not_a_file(p)}")
        return cls(path=p, limits=limits)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "report", limits: Limits | None = None) -> ReportInput:
        return cls(data=data, name=name, limits=limits)

    @property
    def compressed_size(self) -> int:
        if self._data is not None:
            return len(self._data)
        assert self.path is not None
        return self.path.stat().st_size

    @property
    def inner_name(self) -> str:
        """The name of the report itself (the zip member when the report was zipped)."""
        return self._member or self.name

    def _raw(self) -> IO[bytes]:
        if self._data is not None:
            return io.BytesIO(self._data)
        assert self.path is not None
        return open(self.path, "rb")

    def _inspect(self) -> None:
        with self._raw() as f:
            magic = f.read(4)
        if self.compressed_size > self.limits.max_bytes and not magic.startswith((b"PK", b"\x1f\x8b")):
            raise UnsafeReport(f"{self.name}: report is larger than the limit of {self.limits.max_bytes} bytes")
        if magic[:2] == b"\x1f\x8b":
            self._kind = "gzip"
        elif magic == b"PK\x03\x04":
            self._kind = "zip"
            try:
                with zipfile.ZipFile(self._raw()) as zf:
                    infos = [i for i in zf.infolist() if not i.is_dir()]
            except _ZIP_ERRORS as exc:
                raise InvalidReport(f"{self.name}: not a readable zip archive ({exc})") from exc
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > self.limits.max_bytes:
                raise UnsafeReport(f"{self.name}: zip expands to {total} bytes, above the limit; refused")
            if total > 1 << 24 and total / packed > self.limits.max_ratio:
                raise UnsafeReport(f"{self.name}: zip compression ratio {total // packed}:1 looks like a bomb; refused")
            self.zip_members = [i.filename for i in infos]
            self.report_members = [i.filename for i in infos if _is_report_member(i.filename)]
            if len(self.report_members) == 1:
                self._member = self.report_members[0]

    @property
    def is_archive(self) -> bool:
        """A zip with several members that is not unwrapped to one report."""
        return self._kind == "zip" and self._member is None

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        raw = self._raw()
        inner: IO[bytes]
        try:
            if self._kind == "gzip":
                inner = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            elif self._kind == "zip" and self._member is not None:
                try:
                    zf = zipfile.ZipFile(raw)
                    inner = zf.open(self._member)
                except _ZIP_ERRORS as exc:
                    # a damaged member header (e.g. an unknown "zip file version" or compression method)
                    raise InvalidReport(f"{self.name}: not a readable zip archive ({exc})") from exc
            else:
                inner = raw
            compressed = self.compressed_size if self._kind != "plain" else None
            limited = _LimitedReader(inner, self.limits.max_bytes, compressed, self.limits.max_ratio, self.name)
            stream = io.BufferedReader(limited, buffer_size=1 << 16)
            if stream.peek(3)[:3] == codecs.BOM_UTF8:
                # Every reader sees the document without its UTF-8 byte-order mark (Windows tools write one; JSON
                # and CSV readers would take it for content).
                stream.read(3)
                self.repair("bom", "removed a UTF-8 byte-order mark")
            try:
                yield stream
            finally:
                stream.close()
        finally:
            raw.close()

    def read_head(self, size: int = HEAD_SIZE) -> bytes:
        """The first `size` bytes (decompressed, at most HEAD_SIZE). The head is read once and in full, so a caller
        that asks for a few bytes first does not shorten the head later callers see."""
        if self._head is None:
            if self.is_archive:
                self._head = b""
            else:
                with self.open() as f:
                    self._head = f.read(HEAD_SIZE)
        return self._head[:size]

    def first_byte(self) -> bytes:
        """The report's first byte after a UTF-8 BOM and white space: b"{", b"[", b"<", ... (b"" when empty).
        Formats with several shapes pick their reader by it."""
        return self.read_head().lstrip(b"\xef\xbb\xbf \t\r\n")[:1]

    def read_all(self) -> bytes:
        with self.open() as f:
            return f.read()
