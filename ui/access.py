"""Roles: viewers see pages and download the deck; editors also upload, delete, and edit OKRs and settings."""

from __future__ import annotations

import streamlit as st

from ui import state


def role() -> str:
    # With no access control configured the app is bound to localhost and the local user is an editor.
    return st.session_state.get("role", "editor")


def is_editor() -> bool:
    return role() == "editor"


def require_editor() -> None:
    """Stop the page for viewers, with one sentence saying why."""
    if not is_editor():
        st.info(state.tr("access.editors_only"), icon=":material/lock:")
        st.stop()
