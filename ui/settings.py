"""The Settings page: language, time zone, metric definitions, OKR status rule, branding, clearing
the data."""

from __future__ import annotations

import base64
from typing import Any
from zoneinfo import available_timezones

import streamlit as st

from i18n import LANG_NAMES, LANGS
from ingest.demo import clear_demo
from ui import state
from ui.access import require_editor


def render_settings(ws: Any) -> None:
    st.title(state.tr("settings.title"))
    require_editor()

    DEFAULT_REFERRALS = ["Referral", "Referrals", "转介绍", "Word of mouth", "口碑"]
    DEFAULT_COMPLAINTS = ["Complaint", "投诉"]

    with st.form("settings_form"):
        st.subheader(state.tr("settings.general"))
        language = st.selectbox(
            state.tr("settings.default_language"),
            LANGS,
            index=LANGS.index(ws.get_setting("language", "zh")) if ws.get_setting("language", "zh") in LANGS else 0,
            format_func=lambda c: LANG_NAMES[c],
        )
        zones = sorted(available_timezones())
        current_tz = ws.get_setting("timezone", "UTC")
        timezone = st.selectbox(
            state.tr("settings.timezone"), zones, index=zones.index(current_tz) if current_tz in zones else 0
        )

        st.subheader(state.tr("settings.definitions"))
        csat_options = ["top2box", "mean"]
        csat = st.radio(
            state.tr("settings.csat_definition"),
            csat_options,
            index=csat_options.index(ws.get_setting("csat_definition", "top2box")),
            format_func=state.labeler("settings.csat."),
        )
        churn_options = ["auto", "inactivity", "explicit"]
        churn = st.radio(
            state.tr("settings.churn_definition"),
            churn_options,
            index=churn_options.index(ws.get_setting("churn_definition", "auto")),
            format_func=state.labeler("settings.churn."),
        )
        referrals = st.text_area(
            state.tr("settings.referral_channels"), "\n".join(ws.get_setting("referral_channels", DEFAULT_REFERRALS))
        )
        complaints = st.text_area(
            state.tr("settings.complaint_terms"), "\n".join(ws.get_setting("complaint_terms", DEFAULT_COMPLAINTS))
        )

        st.subheader(state.tr("settings.okr"))
        thresholds = ws.get_setting("status_thresholds", {"on_track": 0.75, "at_risk": 0.5})
        on_track = st.slider(state.tr("settings.on_track"), 0.0, 1.0, float(thresholds["on_track"]), 0.05)
        at_risk = st.slider(state.tr("settings.at_risk"), 0.0, 1.0, float(thresholds["at_risk"]), 0.05)

        st.subheader(state.tr("settings.branding"))
        branding = ws.get_setting("branding", {}) or {}
        brand_name = st.text_input(state.tr("settings.brand_name"), branding.get("name", ""), max_chars=80)
        accent = st.color_picker(state.tr("settings.accent"), branding.get("accent", "#2563eb"))
        logo = st.file_uploader(state.tr("settings.logo"), type=["png", "jpg", "jpeg"])
        remove_logo = st.checkbox(state.tr("settings.remove_logo"), value=False, disabled=not branding.get("logo_b64"))

        if st.form_submit_button(state.tr("common.save"), type="primary"):
            ws.set_setting("language", language)
            ws.set_setting("timezone", timezone)
            ws.set_setting("csat_definition", csat)
            ws.set_setting("churn_definition", churn)
            ws.set_setting("referral_channels", [x.strip() for x in referrals.splitlines() if x.strip()])
            ws.set_setting("complaint_terms", [x.strip() for x in complaints.splitlines() if x.strip()])
            ws.set_setting("status_thresholds", {"on_track": on_track, "at_risk": min(at_risk, on_track)})
            new_branding = {**branding, "name": brand_name.strip(), "accent": accent}
            if logo is not None:
                new_branding["logo_b64"] = base64.b64encode(logo.getvalue()).decode("ascii")
                new_branding["logo_mime"] = logo.type
            if remove_logo:
                new_branding.pop("logo_b64", None)
                new_branding.pop("logo_mime", None)
            ws.set_setting("branding", new_branding)
            st.success(state.tr("settings.saved"))

    st.subheader(state.tr("settings.danger"))
    confirm = st.checkbox(state.tr("settings.clear_confirm"), key="clear_confirm")
    if st.button(state.tr("settings.clear_all"), disabled=not confirm, key="clear_all"):
        if ws.get_setting("demo", False):
            clear_demo(ws)  # everything the demo brought: its objectives, branding and settings too
        else:
            ws.clear_data()
            ws.set_setting("demo_cleared", True)
        st.success(state.tr("settings.cleared"))
