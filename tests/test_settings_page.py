"""The Settings page shows the definitions the engine uses, so saving it unchanged changes no number."""

from __future__ import annotations

import pytest

from metrics.facts import DEFAULTS
from store import Workspace
from tests.apptest_support import run_page

pytestmark = pytest.mark.usefixtures("app_env")


def test_saving_the_settings_unchanged_keeps_the_engines_definitions(tmp_path):
    db = tmp_path / "ws.duckdb"
    at = run_page("app_pages/settings.py", db=str(db), no_demo=True)
    assert not at.exception
    shown = {area.label: area.value for area in at.text_area}
    assert sorted(shown.values()) == sorted("\n".join(DEFAULTS[k]) for k in ("referral_channels", "complaint_terms"))
    at.button[0].click().run()  # the form's Save
    assert not at.exception
    from store import close_shared

    close_shared()
    ws = Workspace(str(db))
    try:
        for key in ("referral_channels", "complaint_terms", "csat_definition", "churn_definition", "timezone"):
            assert ws.get_setting(key) == DEFAULTS[key], key
    finally:
        ws.close()
