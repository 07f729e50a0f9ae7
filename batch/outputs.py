"""What a batch run writes: outputs that appear whole or not at all.

Every output is written to a temporary file beside its target (``.NAME.phideid-tmp-PID``), fsynced, and
renamed over the target with ``os.replace``; a reader, or a rerun after a crash, never sees half a file.
A killed run can leave temporary files behind; the next run sweeps them (``sweep_temporaries``) before it
starts.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import IO

from batch.inputs import ArchiveColumns

TEMP_MARK = ".phideid-tmp-"


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}")


def _sync_dir(folder: Path) -> None:
    # the rename itself must survive a power cut, not only the file's bytes
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_dir(target.parent)


def sweep_temporaries(output: Path) -> int:
    """Remove temporary files a killed run left under ``output``; returns how many."""
    removed = 0
    for path in output.rglob(f".*{TEMP_MARK}*"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class ArchiveWriter:
    """A JSONL or CSV archive written row by row into a temporary file, then put in place whole.

    Only the kept columns are written (``ArchiveColumns.kept``): the text column (de-identified), the id
    column, and other columns named with ``--keep-column`` or ``--keep-all-columns``.
    """

    def __init__(self, target: Path, columns: ArchiveColumns, header: list[str] | None) -> None:
        self.target = target
        self.columns = columns
        target.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = temp_path(target)
        self._file: IO[str] = open(self._tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._csv: csv.DictWriter | None = None
        if header is not None:
            names = [n for n in header if columns.kept(n)]
            self._csv = csv.DictWriter(self._file, fieldnames=names, extrasaction="ignore")
            self._csv.writeheader()

    def write(self, fields: dict[str, object], text: str) -> None:
        row = {k: v for k, v in fields.items() if self.columns.kept(k)}
        row[self.columns.text] = text
        if self._csv is not None:
            self._csv.writerow(row)
        else:
            self._file.write(json.dumps(row, ensure_ascii=False) + "\n")

    def commit(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._tmp, self.target)
        _sync_dir(self.target.parent)

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        self._tmp.unlink(missing_ok=True)


__all__ = ["ArchiveWriter", "TEMP_MARK", "sweep_temporaries", "temp_path", "write_atomic"]
