"""The vault over SQL, written once for both backends; SQLite and PostgreSQL supply only their dialect.

Schema (every table prefixed ``phideid_``; ``{bytes}``, ``{time}`` and ``{id}`` are the dialect's types)::

    phideid_meta     name TEXT PK, value TEXT
                     rows: schema_version, data_key_id, data_key_wrapped (base64 of nonce||AES-GCM),
                           created_at
    phideid_patient  id, patient_index {bytes} UNIQUE   HMAC of the patient id (lookup)
                         patient_enc {bytes}             AES-GCM of the patient id, bound to the pseudonym
                         pseudonym TEXT UNIQUE           "PT-" + 12 random base32 characters
                         date_offset_days INTEGER        random, in [-364, -1] or [1, 364], never 0
                         created_at {time}
    phideid_value    id, patient TEXT NULL               the patient's pseudonym, NULL when none
                         phi_type TEXT
                         surrogate_index {bytes}         HMAC of the surrogate (lookup)
                         surrogate TEXT
                         original_index {bytes}          HMAC of the original (duplicate detection)
                         original_enc {bytes}            AES-GCM of the original, bound to
                                                         (patient, phi_type, surrogate)
                         created_at {time}
                     UNIQUE (COALESCE(patient, ''), phi_type, surrogate, original_index)

Nothing in it is PHI in the clear: patient ids and originals exist only as ciphertexts and keyed hashes.
Look-ups of originals are not audited here: ``phideid.reidentify`` is the gate that checks the caller's
role and reason and writes the audit trail (``phideid.audit``). Vaults made before the trail existed keep
an unused ``phideid_audit`` table.

Concurrency: every call takes the instance's lock (one connection per vault object, so a vault may be
shared by the threads of a process); writes run in one database transaction that the backend makes
exclusive enough (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``INSERT ... ON CONFLICT DO NOTHING``), so
get-or-create of a patient is race-free across processes.
"""

from __future__ import annotations

import base64
import os
import secrets
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from phideid.errors import VaultError, VaultKeyError
from phideid.types import PhiType
from phideid.vault import crypto
from phideid.vault.base import OriginalValue, PatientRecord, new_date_offset
from phideid.vault.keys import check_secret
from phideid.vault.urls import redact_url

SCHEMA_VERSION = 1
PSEUDONYM_PREFIX = "PT-"
_PSEUDONYM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32
_PSEUDONYM_LENGTH = 12
_PATIENT_CACHE_MAX = 100_000

_DDL = (
    """CREATE TABLE IF NOT EXISTS phideid_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS phideid_patient (
        id {id},
        patient_index {bytes} NOT NULL UNIQUE,
        patient_enc {bytes} NOT NULL,
        pseudonym TEXT NOT NULL UNIQUE,
        date_offset_days INTEGER NOT NULL
            CHECK (date_offset_days <> 0 AND date_offset_days BETWEEN -364 AND 364),
        created_at {time} NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS phideid_value (
        id {id},
        patient TEXT,
        phi_type TEXT NOT NULL,
        surrogate_index {bytes} NOT NULL,
        surrogate TEXT NOT NULL,
        original_index {bytes} NOT NULL,
        original_enc {bytes} NOT NULL,
        created_at {time} NOT NULL
    )""",
    """CREATE UNIQUE INDEX IF NOT EXISTS phideid_value_entry
        ON phideid_value (COALESCE(patient, ''), phi_type, surrogate, original_index)""",
    "CREATE INDEX IF NOT EXISTS phideid_value_surrogate ON phideid_value (surrogate_index)",
)


def new_pseudonym() -> str:
    """A random pseudonym, "PT-" + 12 base32 characters (60 bits): derived from nothing."""
    return PSEUDONYM_PREFIX + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(_PSEUDONYM_LENGTH))


class SqlVault(ABC):
    """A ``Vault`` on a DB-API connection; subclasses give the dialect.

    Subclasses set the class attributes (placeholder, column types, the statement that opens a write
    transaction, the driver's error class) and implement ``_connect``/``_disconnect``; they may extend
    ``_prepare_schema`` (run first in the schema transaction) and the time conversions.
    """

    #: the driver's parameter placeholder; queries below are written with ``?``
    placeholder: ClassVar[str] = "?"
    id_type: ClassVar[str]
    bytes_type: ClassVar[str]
    time_type: ClassVar[str]
    begin_write: ClassVar[str] = "BEGIN"
    driver_error: ClassVar[type[Exception]] = Exception

    def __init__(self, url: str, secret: bytes) -> None:
        self.url = redact_url(url)
        self._lock = threading.RLock()
        self._conn: Any = None
        self._pid = os.getpid()
        self._closed = False
        self._patients: dict[bytes, PatientRecord] = {}
        self._keys: crypto.DataKeys | None = None
        secret = check_secret(secret)
        with self._lock:
            self._conn = self._connect()
            try:
                self._keys = self._open(secret)
            except BaseException:
                self.close()
                raise

    # ----------------------------------------------------------------------------- dialect hooks

    @abstractmethod
    def _connect(self) -> Any:
        """Open and return a new connection in autocommit mode (transactions are explicit)."""

    def _disconnect(self, conn: Any) -> None:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not mask anything
            pass

    def _is_broken(self, conn: Any) -> bool:
        return False

    def _prepare_schema(self, cur: Any) -> None:  # noqa: B027 - optional hook, empty by default
        """Run first in the schema transaction (e.g. take a lock, create a schema)."""

    def _time_param(self, when: datetime) -> Any:
        return when

    def _time_value(self, value: Any) -> datetime:
        return value

    # ----------------------------------------------------------------------------- plumbing

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r})"

    def __enter__(self) -> SqlVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.placeholder) if self.placeholder != "?" else sql

    def _connection(self) -> Any:
        if self._closed:
            raise VaultError(f"the vault {self.url} is closed; open it again with open_vault()")
        if os.getpid() != self._pid:  # forked: never share a connection with the parent
            self._pid, self._conn = os.getpid(), None
        elif self._conn is not None and self._is_broken(self._conn):
            self._disconnect(self._conn)
            self._conn = None
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _driver_failure(self, exc: Exception) -> VaultError:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        return VaultError(f"the vault at {self.url} failed: {type(exc).__name__}: {first_line}")

    @contextmanager
    def _tx(self, *, write: bool) -> Iterator[Any]:
        """A cursor under the instance lock; with ``write``, inside one transaction (commit or roll back)."""
        with self._lock:
            conn = self._connection()
            try:
                cur = conn.cursor()
            except self.driver_error as exc:
                raise self._driver_failure(exc) from None
            try:
                if write:
                    cur.execute(self.begin_write)
                yield cur
                if write:
                    cur.execute("COMMIT")
            except BaseException as exc:
                if write:
                    try:
                        cur.execute("ROLLBACK")
                    except Exception:  # noqa: BLE001 - the connection may be gone; the first error counts
                        pass
                if isinstance(exc, self.driver_error):
                    raise self._driver_failure(exc) from None
                raise
            finally:
                try:
                    cur.close()
                except Exception:  # noqa: BLE001
                    pass

    def _now(self) -> Any:
        return self._time_param(datetime.now(UTC))

    @property
    def _k(self) -> crypto.DataKeys:
        if self._keys is None:
            raise VaultError(f"the vault {self.url} is closed; open it again with open_vault()")
        return self._keys

    # ----------------------------------------------------------------------------- opening

    def _open(self, secret: bytes) -> crypto.DataKeys:
        """Create the schema if needed, then unwrap the data key (creating it on a new vault)."""
        ddl = [s.format(id=self.id_type, bytes=self.bytes_type, time=self.time_type) for s in _DDL]
        with self._tx(write=True) as cur:
            self._prepare_schema(cur)
            for statement in ddl:
                cur.execute(statement)
            cur.execute("SELECT name, value FROM phideid_meta")
            meta = {name: value for name, value in cur.fetchall()}
            if "data_key_wrapped" in meta:
                version = int(meta.get("schema_version", "0"))
                if version > SCHEMA_VERSION:
                    raise VaultError(
                        f"the vault {self.url} has schema version {version}, newer than this phideid "
                        f"understands ({SCHEMA_VERSION}); upgrade phideid"
                    )
                key_id = meta["data_key_id"]
                data_key = crypto.unwrap_data_key(base64.b64decode(meta["data_key_wrapped"]), key_id, secret)
                return crypto.DataKeys(key_id, data_key)
            key_id, data_key = crypto.new_data_key()
            wrapped = base64.b64encode(crypto.wrap_data_key(data_key, key_id, secret)).decode("ascii")
            rows = [
                ("schema_version", str(SCHEMA_VERSION)),
                ("data_key_id", key_id),
                ("data_key_wrapped", wrapped),
                ("created_at", datetime.now(UTC).isoformat()),
            ]
            cur.executemany(self._q("INSERT INTO phideid_meta (name, value) VALUES (?, ?)"), rows)
            return crypto.DataKeys(key_id, data_key)

    # ----------------------------------------------------------------------------- the Vault protocol

    def surrogate_key(self) -> bytes:
        return self._k.surrogate_key

    def patient(self, patient_id: str) -> PatientRecord:
        if not isinstance(patient_id, str) or not patient_id.strip():
            raise VaultError("a patient id must be a non-empty string")
        keys = self._k
        index = keys.blind_index("patient", patient_id)
        cached = self._patients.get(index)
        if cached is not None:
            return cached
        select = self._q("SELECT pseudonym, date_offset_days FROM phideid_patient WHERE patient_index = ?")
        with self._tx(write=False) as cur:
            cur.execute(select, (index,))
            row = cur.fetchone()
        attempts = 0
        while row is None:
            attempts += 1
            if attempts > 5:
                raise VaultError("could not draw an unused pseudonym in 5 attempts; check the vault's table")
            pseudonym = new_pseudonym()
            encrypted = keys.encrypt(patient_id, crypto.context("patient", pseudonym))
            with self._tx(write=True) as cur:
                # a racing process may insert first (or hold our random pseudonym): nothing is inserted
                # then, and the SELECT returns the row that won
                cur.execute(
                    self._q(
                        "INSERT INTO phideid_patient (patient_index, patient_enc, pseudonym, "
                        "date_offset_days, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                    ),
                    (index, encrypted, pseudonym, new_date_offset(), self._now()),
                )
                cur.execute(select, (index,))
                row = cur.fetchone()
        record = PatientRecord(pseudonym=row[0], date_offset_days=int(row[1]))
        with self._lock:
            if len(self._patients) >= _PATIENT_CACHE_MAX:
                self._patients.clear()
            self._patients[index] = record
        return record

    def remember(self, entries: Sequence[OriginalValue]) -> None:
        keys = self._k
        now = self._now()
        rows = []
        for entry in entries:
            phi_type = PhiType(entry.phi_type).value
            if not isinstance(entry.surrogate, str) or not isinstance(entry.original, str):
                raise VaultError(f"a {phi_type} value-map entry needs a string surrogate and original")
            patient = entry.patient or None
            aad = crypto.context("value", patient or "", phi_type, entry.surrogate)
            rows.append(
                (
                    patient,
                    phi_type,
                    keys.blind_index("surrogate", entry.surrogate),
                    entry.surrogate,
                    keys.blind_index("original", entry.original),
                    keys.encrypt(entry.original, aad),
                    now,
                )
            )
        if not rows:
            return
        with self._tx(write=True) as cur:
            cur.executemany(
                self._q(
                    "INSERT INTO phideid_value (patient, phi_type, surrogate_index, surrogate, "
                    "original_index, original_enc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING"
                ),
                rows,
            )

    def lookup_patient(self, pseudonym: str) -> str | None:
        with self._tx(write=False) as cur:
            cur.execute(
                self._q("SELECT patient_enc FROM phideid_patient WHERE pseudonym = ?"), (str(pseudonym),)
            )
            row = cur.fetchone()
        if row is None:
            return None
        return self._k.decrypt(row[0], crypto.context("patient", str(pseudonym)))

    def lookup_values(
        self, surrogate: str, *, phi_type: PhiType | None = None, patient: str | None = None
    ) -> list[OriginalValue]:
        """The originals ``surrogate`` stood for, optionally only of one type and/or one patient (pseudonym).

        ``patient=None`` does not filter by patient; entries without a patient have ``patient`` None.
        """
        sql = (
            "SELECT patient, phi_type, surrogate, original_enc FROM phideid_value "
            "WHERE surrogate_index = ? AND surrogate = ?"
        )
        params: list[Any] = [self._k.blind_index("surrogate", surrogate), surrogate]
        if phi_type is not None:
            sql += " AND phi_type = ?"
            params.append(PhiType(phi_type).value)
        if patient is not None:
            sql += " AND patient = ?"
            params.append(patient)
        sql += " ORDER BY id"
        with self._tx(write=False) as cur:
            cur.execute(self._q(sql), params)
            rows = cur.fetchall()
        keys = self._k
        return [
            OriginalValue(
                patient=row_patient,
                phi_type=PhiType(row_type),
                surrogate=row_surrogate,
                original=keys.decrypt(
                    enc, crypto.context("value", row_patient or "", row_type, row_surrogate)
                ),
            )
            for row_patient, row_type, row_surrogate, enc in rows
        ]

    def rotate_key(self, new_secret: bytes) -> None:
        """Re-wrap the data key under ``new_secret``. Surrogates, ciphertexts and lookups are unchanged;
        the old secret no longer opens the vault (objects already open keep working)."""
        new_secret = check_secret(new_secret)
        keys = self._k
        with self._tx(write=True) as cur:
            cur.execute(self._q("SELECT value FROM phideid_meta WHERE name = ?"), ("data_key_id",))
            row = cur.fetchone()
            if row is None or row[0] != keys.key_id:
                raise VaultKeyError(
                    f"the vault {self.url} now holds another data key than the one this object opened; "
                    "reopen the vault and rotate again"
                )
            wrapped = crypto.wrap_data_key(keys.data_key, keys.key_id, new_secret)
            cur.execute(
                self._q("UPDATE phideid_meta SET value = ? WHERE name = ?"),
                (base64.b64encode(wrapped).decode("ascii"), "data_key_wrapped"),
            )

    def stats(self) -> dict[str, int]:
        counts = {}
        with self._tx(write=False) as cur:
            for name, table in (("patients", "phideid_patient"), ("values", "phideid_value")):
                cur.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
                counts[name] = int(cur.fetchone()[0])
        return counts

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._keys = None
            self._patients.clear()
            if self._conn is not None and self._pid == os.getpid():
                self._disconnect(self._conn)
            self._conn = None
