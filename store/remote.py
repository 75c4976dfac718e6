"""Commands for a workspace that a running app holds: the CLI beside the dashboard.

DuckDB lets one process write a database file.  While the app serves a workspace file it also listens on a
loopback port and runs command-line commands for other processes in-process, on its own connection, so a
scheduled ``cli.py load`` or ``cli.py review`` works while the dashboard is open (and the pages show the new
data on their next rerun).  The port and a random token are written next to the workspace file,
``<workspace>.app.json`` (readable by its owner only); a client must send the token.

Protocol: the client sends one JSON line ``{"token", "argv", "cwd"}``; the app answers with JSON lines
``{"out": text}`` / ``{"err": text}`` as the command prints, then ``{"exit": code}``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

# handler(argv, cwd, out, err) -> exit code; it runs in a thread of the app's process.
Handler = Callable[[list[str], str, TextIO, TextIO], int]
CONNECT_TIMEOUT = 2.0

_ROUTE = threading.local()


class _ThreadRouted(io.TextIOBase):
    """sys.stdout/sys.stderr of the app process: a command's thread writes to its client, others as before."""

    def __init__(self, name: str, fallback: TextIO) -> None:
        self._name, self._fallback = name, fallback

    def _target(self) -> TextIO:
        return getattr(_ROUTE, self._name, None) or self._fallback

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def fileno(self) -> int:  # the real stream's, for code that asks (a routed command never dup2()s it)
        return self._fallback.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._fallback, "encoding", "utf-8")


class _ClientStream(io.TextIOBase):
    def __init__(self, wfile, key: str, lock: threading.Lock) -> None:
        self._wfile, self._key, self._lock = wfile, key, lock

    def write(self, text: str) -> int:
        if text:
            line = json.dumps({self._key: text}, ensure_ascii=False) + "\n"
            with self._lock:
                self._wfile.write(line.encode("utf-8"))
                self._wfile.flush()
        return len(text)


def endpoint_file(target: str) -> Path:
    return Path(target).expanduser().resolve().with_name(Path(target).name + ".app.json")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: Handler, token: str) -> None:
        super().__init__(("127.0.0.1", 0), _Request)
        self.command_handler, self.token = handler, token


class _Request(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        try:
            request = json.loads(self.rfile.readline(1 << 20).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return
        import hmac

        if not isinstance(request, dict) or not hmac.compare_digest(str(request.get("token", "")), server.token):
            return
        lock = threading.Lock()
        out, err = _ClientStream(self.wfile, "out", lock), _ClientStream(self.wfile, "err", lock)
        _ROUTE.stdout, _ROUTE.stderr = out, err
        try:
            code = server.command_handler([str(a) for a in request.get("argv", [])], str(request.get("cwd", ".")),
                                          out, err)
        except Exception as exc:  # the command's own errors are its business; never take the app down
            err.write(f"error: {type(exc).__name__}: {exc}\n")
            code = 2
        finally:
            _ROUTE.stdout = _ROUTE.stderr = None
        with contextlib.suppress(OSError), lock:
            self.wfile.write((json.dumps({"exit": int(code)}) + "\n").encode("utf-8"))
            self.wfile.flush()


_SERVING: dict[str, _Server] = {}
_SERVING_LOCK = threading.Lock()


def serve(target: str, handler: Handler) -> Path | None:
    """Accept commands for the workspace file ``target`` in this process (once per target); returns the
    endpoint file, or None for targets that are not files (":memory:", "md:...")."""
    if target == ":memory:" or ":" in target[2:]:
        return None
    with _SERVING_LOCK:
        path = endpoint_file(target)
        if target in _SERVING:
            return path
        token = secrets.token_urlsafe(24)
        server = _Server(handler, token)
        if not isinstance(sys.stdout, _ThreadRouted):
            sys.stdout = _ThreadRouted("stdout", sys.stdout)
            sys.stderr = _ThreadRouted("stderr", sys.stderr)
        threading.Thread(target=server.serve_forever, name="crm-okr-commands", daemon=True).start()
        info = {"port": server.server_address[1], "token": token, "pid": os.getpid()}
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        os.replace(tmp, path)
        _SERVING[target] = server
        return path


def stop(target: str) -> None:
    with _SERVING_LOCK:
        server = _SERVING.pop(target, None)
        if server is not None:
            server.shutdown()
            server.server_close()
            with contextlib.suppress(OSError):
                endpoint_file(target).unlink()


def forward(target: str, argv: list[str], cwd: str, out: TextIO, err: TextIO) -> int | None:
    """Run ``argv`` in the app that serves ``target``; its exit code, or None when no app serves it."""
    if target == ":memory:" or ":" in target[2:]:
        return None
    path = endpoint_file(target)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        sock = socket.create_connection(("127.0.0.1", int(info["port"])), timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no app, or one that has stopped: the caller opens the file itself
    with sock:
        sock.settimeout(None)  # a load or a deck may take minutes
        sock.sendall((json.dumps({"token": info["token"], "argv": argv, "cwd": cwd}) + "\n").encode("utf-8"))
        heard = False
        with sock.makefile("rb") as replies:
            for raw in replies:
                try:
                    message = json.loads(raw.decode("utf-8"))
                except ValueError:
                    continue
                heard = True
                if "out" in message:
                    out.write(message["out"])
                    out.flush()
                elif "err" in message:
                    err.write(message["err"])
                    err.flush()
                elif "exit" in message:
                    return int(message["exit"])
    if not heard:  # not our app (a stale endpoint file and a reused port): open the file ourselves
        return None
    err.write("error: the app stopped while it ran the command; run it again.\n")
    return 2
