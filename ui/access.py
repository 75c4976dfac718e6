"""Access control. Roles: viewers see pages and download the deck; editors also upload, delete uploads,
and edit OKRs and settings.

Modes, in order of precedence:
- ``oidc``: Streamlit's built-in OIDC login (``st.login``) when ``[auth]`` is configured in secrets.toml;
  ``[access] editors = [...]`` (and optionally ``viewers = [...]``) list e-mail addresses.
- ``password``: a shared-password gate, from secrets (``[passwords] editor = "…", viewer = "…"``) or the
  environment (``CRM_OKR_EDITOR_PASSWORD``, ``CRM_OKR_VIEWER_PASSWORD``).
- ``open``: neither configured; the server binds to localhost only (.streamlit/config.toml) and the local
  user is an editor.

The gate runs before ``st.navigation`` is built, so before sign-in no page name is sent to the browser. A
password sign-in is remembered by a signed token cookie (ui/signin.py: no password in it, a lifetime, a
server-side key) and wrong passwords are throttled per client.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from ui import signin, state

EDITOR_ENV = "CRM_OKR_EDITOR_PASSWORD"
VIEWER_ENV = "CRM_OKR_VIEWER_PASSWORD"


def _secrets_section(name: str) -> dict:
    try:
        section = st.secrets.get(name)
    except Exception:  # no secrets.toml at all
        return {}
    return dict(section) if section else {}


def passwords() -> dict[str, str]:
    """Role -> shared password, from secrets first, then the environment."""
    configured = {k: str(v) for k, v in _secrets_section("passwords").items() if k in ("editor", "viewer") and v}
    if not configured:
        if os.environ.get(EDITOR_ENV):
            configured["editor"] = os.environ[EDITOR_ENV]
        if os.environ.get(VIEWER_ENV):
            configured["viewer"] = os.environ[VIEWER_ENV]
    return configured


def mode() -> str:
    if _secrets_section("auth"):
        return "oidc"
    if passwords():
        return "password"
    return "open"


def role_for_password(entered: str, configured: dict[str, str]) -> str | None:
    """The role a shared password grants (compared in constant time), or None."""
    for role_name in ("editor", "viewer"):
        secret = configured.get(role_name)
        if secret and hmac.compare_digest(entered.encode("utf-8"), secret.encode("utf-8")):
            return role_name
    return None


def role_for_email(email: str | None, access: dict) -> str | None:
    editors = {e.lower() for e in access.get("editors", [])}
    viewers = {e.lower() for e in access.get("viewers", [])}
    address = (email or "").lower()
    if address in editors:
        return "editor"
    if not viewers or address in viewers:
        return "viewer"
    return None


SESSION_COOKIE = "crm_okr_session"
SIGNED_OUT = "_signed_out"  # this session signed out: the cookie the page was loaded with no longer counts


def _stop_at_the_gate() -> None:
    """Stop the run: before sign-in nothing of the app is shown, page names included."""
    from ui import cookies

    cookies.flush()
    st.stop()


def _gate_heading() -> None:
    st.title(state.tr("app.title"))
    state.language_switch(st)  # the one control before sign-in: the sentences below in the reader's language


def gate() -> None:
    """Stop every page until the visitor is let in; sets session_state['role']."""
    current = mode()
    if current == "open":
        st.session_state["role"] = "editor"
        return
    if current == "oidc":
        _oidc_gate()
        return
    if st.session_state.get("role") in ("editor", "viewer"):
        return
    remembered = _role_from_cookie()
    if remembered:
        st.session_state["role"] = remembered
        return
    _password_form()
    _stop_at_the_gate()


def _oidc_gate() -> None:
    if not st.user.is_logged_in:
        _gate_heading()
        st.info(state.tr("access.login_needed"), icon=":material/lock:")
        if st.button(state.tr("access.login"), type="primary"):
            st.login()
        _stop_at_the_gate()
    granted = role_for_email(st.user.get("email"), _secrets_section("access"))
    if granted is None:
        st.error(state.tr("access.not_allowed"))
        if st.button(state.tr("access.logout")):
            st.logout()
        _stop_at_the_gate()
    st.session_state["role"] = granted


def _secret() -> bytes:
    from store import default_target

    return signin.server_secret(default_target(), _secrets_section("access").get("cookie_secret"))


def _role_from_cookie() -> str | None:
    from ui import cookies

    if st.session_state.get(SIGNED_OUT):
        return None
    return signin.role_for_token(cookies.read(SESSION_COOKIE), secret=_secret(), passwords=passwords(),
                                 now=signin.now())


def _client() -> str:
    try:
        return signin.client_key(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))
    except Exception:  # no browser behind this run (AppTest)
        return "local"


WANTED_PAGE = "_wanted_page"


def _remember_wanted_page() -> None:
    """The page the address asked for (/data), so sign-in lands there rather than on the Overview."""
    from urllib.parse import urlparse

    try:
        url = st.context.url
    except Exception:  # no browser behind this run
        return
    if isinstance(url, str) and WANTED_PAGE not in st.session_state:
        st.session_state[WANTED_PAGE] = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]


def take_wanted_page() -> str | None:
    """The page asked for before sign-in, once (app.py switches to it after building the navigation)."""
    return st.session_state.pop(WANTED_PAGE, None) or None


def _password_form() -> None:
    """The password form; a right password signs in (and is remembered by a signed cookie, never itself)."""
    from ui import cookies

    _remember_wanted_page()
    _gate_heading()
    with st.form("password_gate"):
        entered = st.text_input(state.tr("access.password"), type="password")
        submitted = st.form_submit_button(state.tr("access.enter"), type="primary")
    if not submitted:
        return
    client, now = _client(), signin.now()
    wait = signin.THROTTLE.wait_seconds(client, now)
    if wait:
        st.error(state.tr("access.throttled", seconds=wait), icon=":material/timer:")
        return
    configured = passwords()
    granted = role_for_password(entered, configured)
    if not granted:
        wait = signin.THROTTLE.failed(client, now)
        st.error(state.tr("access.throttled", seconds=wait) if wait else state.tr("access.wrong_password"))
        return
    signin.THROTTLE.succeeded(client)
    lifetime = signin.session_seconds(_secrets_section("access").get("session_hours"))
    token = signin.make_token(granted, secret=_secret(), passwords=configured, lifetime=lifetime, now=now)
    cookies.queue(SESSION_COOKIE, token, lifetime)
    st.session_state["role"] = granted
    st.session_state.pop(SIGNED_OUT, None)
    st.rerun()


def role() -> str:
    return st.session_state.get("role", "editor" if mode() == "open" else "viewer")


def is_editor() -> bool:
    return role() == "editor"


def require_editor() -> None:
    """Stop the page for viewers, with one sentence saying why."""
    if not is_editor():
        st.info(state.tr("access.editors_only"), icon=":material/lock:")
        st.stop()


def logout_button() -> None:
    if mode() == "open":
        return
    label = state.tr("access.role_" + role())
    st.sidebar.caption(label)
    if st.sidebar.button(state.tr("access.logout"), key="logout"):
        if mode() == "oidc":
            st.logout()
        from ui import cookies

        st.session_state.pop("role", None)
        st.session_state[SIGNED_OUT] = True
        cookies.queue(SESSION_COOKIE, "", 0)  # written by the sign-in screen this rerun shows
        st.rerun()
