"""Browser cookies: read from the page request (``st.context.cookies``), written by a small script.

A Streamlit script cannot answer an HTTP request with Set-Cookie, so a cookie is written by a script tag
(``st.html`` with JavaScript) on the next render; it then travels with every later page request, and
``st.context.cookies`` sees it from the next page load on. Values written here are never secrets: the
language code, or a signed sign-in token (ui/signin.py) that holds no password.
"""

from __future__ import annotations

import json
import re

import streamlit as st

PENDING = "_cookies_pending"
_NAME = re.compile(r"^[A-Za-z0-9_]+$")
_VALUE = re.compile(r"^[A-Za-z0-9_.\-]*$")  # what tokens and language codes use; nothing to escape


def read(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser behind this run (AppTest, a bare script)
        return None
    return value if isinstance(value, str) else None  # AppTest hands a stand-in object


def queue(name: str, value: str, max_age_seconds: int) -> None:
    """Write ``name=value`` at the next flush; ``max_age_seconds`` 0 deletes the cookie."""
    if not _NAME.match(name) or not _VALUE.match(value):
        raise ValueError(f"cookie {name!r} would need escaping")
    st.session_state.setdefault(PENDING, {})[name] = (value, int(max_age_seconds))


def flush(container=None) -> None:
    """Render the queued cookie writes as one script (nothing when none is queued)."""
    pending = st.session_state.pop(PENDING, None)
    if not pending:
        return
    lines = [
        f"document.cookie = {json.dumps(name)} + '=' + {json.dumps(value)} + "
        f"'; path=/; max-age={max_age}; SameSite=Strict' + secure;"
        for name, (value, max_age) in pending.items()
    ]
    script = ("<script>(function(){const secure = location.protocol === 'https:' ? '; Secure' : '';"
              + "".join(lines) + "})();</script>")
    (container or st).html(script, unsafe_allow_javascript=True, width=1)
