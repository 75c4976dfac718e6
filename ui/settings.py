"""The Settings page: language, time zone, metric definitions, OKR status rule, branding, clearing
the data."""

from __future__ import annotations

import base64
from typing import Any
from zoneinfo import available_timezones

import streamlit as st

from i18n import LANG_NAMES, LANGS
from ingest.demo import clear_demo
from metrics.facts import setting
from ui import state
from ui.access import require_editor


def render_settings(ws: Any) -> None:
    st.title(state.tr("settings.title"))
    require_editor()
    with st.form("settings_form"):
        values = {**_general(ws), **_definitions(ws), **_okr_rule(ws)}
        branding = ws.get_setting("branding", {}) or {}
        brand = _branding(branding)
        if st.form_submit_button(state.tr("common.save"), type="primary"):
            for key, value in values.items():
                ws.set_setting(key, value)
            ws.set_setting("branding", _new_branding(branding, **brand))
            st.success(state.tr("settings.saved"))
    _danger_zone(ws)


def _general(ws: Any) -> dict:
    st.subheader(state.tr("settings.general"))
    current = ws.get_setting("language", "zh")
    language = st.selectbox(
        state.tr("settings.default_language"), LANGS, index=LANGS.index(current) if current in LANGS else 0,
        format_func=lambda c: LANG_NAMES[c],
    )
    zones = sorted(available_timezones())
    current_tz = setting(ws, "timezone")
    timezone = st.selectbox(
        state.tr("settings.timezone"), zones, index=zones.index(current_tz) if current_tz in zones else 0
    )
    return {"language": language, "timezone": timezone}


def _definitions(ws: Any) -> dict:
    """The metric definitions, shown with the values the engine uses (metrics.facts.setting), so that saving
    the form unchanged changes no number."""
    st.subheader(state.tr("settings.definitions"))
    csat_options = ["top2box", "mean"]
    csat = st.radio(
        state.tr("settings.csat_definition"), csat_options,
        index=csat_options.index(setting(ws, "csat_definition")), format_func=state.labeler("settings.csat."),
    )
    churn_options = ["auto", "inactivity", "explicit"]
    churn = st.radio(
        state.tr("settings.churn_definition"), churn_options,
        index=churn_options.index(setting(ws, "churn_definition")), format_func=state.labeler("settings.churn."),
    )
    referrals = st.text_area(state.tr("settings.referral_channels"), "\n".join(setting(ws, "referral_channels")))
    complaints = st.text_area(state.tr("settings.complaint_terms"), "\n".join(setting(ws, "complaint_terms")))
    return {
        "csat_definition": csat,
        "churn_definition": churn,
        "referral_channels": [x.strip() for x in referrals.splitlines() if x.strip()],
        "complaint_terms": [x.strip() for x in complaints.splitlines() if x.strip()],
    }


def _okr_rule(ws: Any) -> dict:
    st.subheader(state.tr("settings.okr"))
    thresholds = ws.get_setting("status_thresholds", {"on_track": 0.75, "at_risk": 0.5})
    on_track = st.slider(state.tr("settings.on_track"), 0.0, 1.0, float(thresholds["on_track"]), 0.05)
    at_risk = st.slider(state.tr("settings.at_risk"), 0.0, 1.0, float(thresholds["at_risk"]), 0.05)
    return {"status_thresholds": {"on_track": on_track, "at_risk": min(at_risk, on_track)}}


def _branding(branding: dict) -> dict:
    st.subheader(state.tr("settings.branding"))
    return {
        "name": st.text_input(state.tr("settings.brand_name"), branding.get("name", ""), max_chars=80),
        "accent": st.color_picker(state.tr("settings.accent"), branding.get("accent", "#2563eb")),
        "logo": st.file_uploader(state.tr("settings.logo"), type=["png", "jpg", "jpeg"]),
        "remove_logo": st.checkbox(state.tr("settings.remove_logo"), value=False,
                                   disabled=not branding.get("logo_b64")),
    }


def _new_branding(branding: dict, *, name: str, accent: str, logo, remove_logo: bool) -> dict:
    out = {**branding, "name": name.strip(), "accent": accent}
    if logo is not None:
        out["logo_b64"] = base64.b64encode(logo.getvalue()).decode("ascii")
        out["logo_mime"] = logo.type
    if remove_logo:
        out.pop("logo_b64", None)
        out.pop("logo_mime", None)
    return out


def _danger_zone(ws: Any) -> None:
    st.subheader(state.tr("settings.danger"))
    confirm = st.checkbox(state.tr("settings.clear_confirm"), key="clear_confirm")
    if st.button(state.tr("settings.clear_all"), disabled=not confirm, key="clear_all"):
        if ws.get_setting("demo", False):
            clear_demo(ws)  # everything the demo brought: its objectives, branding and settings too
        else:
            ws.clear_data()
            ws.set_setting("demo_cleared", True)
        st.success(state.tr("settings.cleared"))
