"""Sign-in that lasts, and a brake on guessing: pure functions and one process-wide throttle, no streamlit.

A signed-in browser keeps a token cookie ``<role>.<expires>.<nonce>.<signature>``: the signature is an
HMAC-SHA256 over the other parts and a digest of the role's current password, keyed by a server-side
secret. The token holds no password; changing a password ends the sessions it opened; the secret never
leaves the server (``<workspace>.signin-key``, mode 0600, made once).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SESSION_HOURS_ENV = "CRM_OKR_SESSION_HOURS"
SECRET_ENV = "CRM_OKR_SIGNIN_SECRET"
DEFAULT_SESSION_HOURS = 12.0
ROLES = ("editor", "viewer")
_PROCESS_SECRET = secrets.token_bytes(32)  # for workspaces that are not files (":memory:", MotherDuck)


def session_seconds(configured: object = None) -> int:
    """How long a sign-in lasts: ``[access] session_hours`` in secrets, else $CRM_OKR_SESSION_HOURS, else 12 h."""
    raw = configured if configured not in (None, "") else os.environ.get(SESSION_HOURS_ENV)
    try:
        hours = float(raw) if raw not in (None, "") else DEFAULT_SESSION_HOURS
    except (TypeError, ValueError):
        hours = DEFAULT_SESSION_HOURS
    return max(60, int(hours * 3600))


def server_secret(workspace_target: str, configured: str | None = None) -> bytes:
    """The signing key: configured (secrets or $CRM_OKR_SIGNIN_SECRET), else a file beside the workspace
    file made on first use, else one per process."""
    given = configured or os.environ.get(SECRET_ENV)
    if given:
        return given.encode("utf-8")
    if workspace_target == ":memory:" or ":" in workspace_target[2:]:
        return _PROCESS_SECRET
    path = Path(workspace_target + ".signin-key")
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(key.hex())
    except FileExistsError:  # another session made it a moment ago: use theirs
        return bytes.fromhex(path.read_text().strip())
    except OSError:  # a read-only folder: sign-ins last as long as this process
        return _PROCESS_SECRET
    return key


def _signature(secret: bytes, body: str, password: str) -> str:
    password_digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
    return hmac.new(secret, f"{body}.{password_digest}".encode(), hashlib.sha256).hexdigest()


def make_token(role: str, *, secret: bytes, passwords: dict[str, str], lifetime: int, now: float) -> str:
    body = f"{role}.{int(now) + lifetime}.{secrets.token_hex(8)}"
    return f"{body}.{_signature(secret, body, passwords[role])}"


def role_for_token(token: str | None, *, secret: bytes, passwords: dict[str, str], now: float) -> str | None:
    """The role a token grants, or None when it is malformed, forged, expired or its password changed."""
    parts = (token or "").split(".")
    if len(parts) != 4:
        return None
    role, expires, _nonce, signature = parts
    if role not in ROLES or not passwords.get(role) or not expires.isdigit() or int(expires) <= now:
        return None
    expected = _signature(secret, ".".join(parts[:3]), passwords[role])
    return role if hmac.compare_digest(signature, expected) else None


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0


@dataclass
class Throttle:
    """Failed sign-ins per client: ``free_tries`` wrong passwords, then a wait of ``base_seconds`` that doubles
    with each further failure (capped at ``max_seconds``). A right password clears the client's record."""

    free_tries: int = 5
    base_seconds: float = 30.0
    max_seconds: float = 900.0
    _records: dict[str, _Record] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, client: str, now: float) -> int:
        """Seconds before ``client`` may try again (0: now)."""
        with self._lock:
            record = self._records.get(client)
            return max(0, int(record.locked_until - now + 0.999)) if record else 0

    def failed(self, client: str, now: float) -> int:
        """Count a wrong password; the wait it causes in seconds (0 while free tries remain)."""
        with self._lock:
            record = self._records.setdefault(client, _Record())
            record.failures += 1
            beyond = record.failures - self.free_tries
            if beyond < 0:
                return 0
            wait = min(self.max_seconds, self.base_seconds * 2 ** beyond)
            record.locked_until = now + wait
            return int(wait)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._records.pop(client, None)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()


THROTTLE = Throttle()


def client_key(ip_address: str | None, forwarded_for: str | None) -> str:
    """Who is trying: the connection's address; behind a local proxy, the address that proxy appended
    last to X-Forwarded-For (earlier entries are the client's own claim and could be anything)."""
    if isinstance(ip_address, str) and ip_address:  # AppTest hands a stand-in object, not an address
        return ip_address
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()] if isinstance(forwarded_for, str) else []
    return hops[-1] if hops else "local"


def now() -> float:
    return time.time()
