"""--dry-run: write the exact request bodies to a directory instead of sending them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import orjson

from .client import TranslateStatus, translate_form


class DryRunWriter:
    """Stands in for PhoenixClient: each import body becomes `<prefix>-batch-NNNN.json`, byte for byte."""

    def __init__(self, directory: Path, prefix: str = "import") -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = re.sub(r"[^A-Za-z0-9._-]+", "_", prefix) or "import"
        self.written: list[Path] = []
        self._count = 0

    def import_assets(self, body: bytes) -> dict[str, object]:
        self._count += 1
        path = self.directory / f"{self.prefix}-batch-{self._count:04d}.json"
        path.write_bytes(body)
        self.written.append(path)
        return {}

    def translate_upload(
        self,
        path: Path,
        *,
        scan_type: str,
        assessment_name: str,
        import_type: str,
        auto_import: bool = True,
        scan_target: str | None = None,
        filename: str | None = None,
    ) -> str | None:
        """Writes the multipart form fields as JSON and a copy of the file that would be uploaded."""
        fields = {
            **translate_form(scan_type, assessment_name, import_type, auto_import, scan_target),
            "file": filename or path.name,
        }
        meta = self.directory / f"{self.prefix}-translate.json"
        meta.write_bytes(orjson.dumps(fields, option=orjson.OPT_INDENT_2))
        copy = self.directory / f"{self.prefix}-translate-file-{Path(filename or path.name).name}"
        shutil.copyfile(path, copy)
        self.written += [meta, copy]
        return None  # nothing to poll

    def translate_status(self, request_id: str) -> TranslateStatus:
        return TranslateStatus(request_id, "IMPORTED", None, {})
