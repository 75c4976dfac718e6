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
import re
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
    found = _read_key(path)
    if found is not None:
        return found
    key = secrets.token_bytes(32)
    # Written whole to a private file, then linked into place: a session reading the key file never sees it
    # half written (an empty key would sign tokens with a key anyone knows).
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(key.hex())
        os.link(tmp, path)
    except FileExistsError:  # another session made it a moment ago: use theirs
        return _read_key(path) or _PROCESS_SECRET
    except OSError:  # a read-only folder: sign-ins last as long as this process
        return _PROCESS_SECRET
    finally:
        tmp.unlink(missing_ok=True)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return key if len(key) >= 16 else None


def _signature(secret: bytes, body: str, password: str) -> str:
    password_digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
    return hmac.new(secret, f"{body}.{password_digest}".encode(), hashlib.sha256).hexdigest()


def make_token(role: str, *, secret: bytes, passwords: dict[str, str], lifetime: int, now: float) -> str:
    body = f"{role}.{int(now) + lifetime}.{secrets.token_hex(8)}"
    return f"{body}.{_signature(secret, body, passwords[role])}"


def role_for_token(token: str | None, *, secret: bytes, passwords: dict[str, str], now: float) -> str | None:
    """The role a token grants, or None when it is malformed, forged, expired or its password changed."""
    match = _TOKEN.fullmatch(token or "")
    if match is None:  # anything but ASCII role.digits.hex.hex is refused before it is parsed
        return None
    role, expires, _nonce, signature = match.groups()
    if role not in ROLES or not passwords.get(role) or int(expires) <= now:
        return None
    expected = _signature(secret, f"{role}.{expires}.{_nonce}", passwords[role])
    return role if hmac.compare_digest(signature, expected) else None


_TOKEN = re.compile(r"([a-z]{1,16})\.([0-9]{1,12})\.([0-9a-f]{16})\.([0-9a-f]{64})", re.ASCII)


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


TRUSTED_PROXY_ENV = "CRM_OKR_TRUSTED_PROXY"


def client_key(ip_address: str | None, forwarded_for: str | None, *, trust_proxy: bool | None = None) -> str:
    """Who is trying: the connection's address.  On loopback (Streamlit gives no address) it is "local", unless
    a reverse proxy on this machine is declared ($CRM_OKR_TRUSTED_PROXY=1): then the address that proxy appended
    last to X-Forwarded-For.  Without a proxy that header is the client's own claim, and a new claim per try
    would get unlimited guesses."""
    if isinstance(ip_address, str) and ip_address:  # AppTest hands a stand-in object, not an address
        return ip_address
    if trust_proxy is None:
        trust_proxy = os.environ.get(TRUSTED_PROXY_ENV, "").strip().lower() in ("1", "true", "yes")
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()] if isinstance(forwarded_for, str) else []
    return hops[-1] if trust_proxy and hops else "local"


def now() -> float:
    return time.time()
