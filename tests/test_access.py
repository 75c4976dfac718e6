"""Access control: the password gate blocks every page; viewers cannot reach upload or delete actions."""

from __future__ import annotations

import pytest

from tests.apptest_support import build_demo_workspace, copy_workspace, run_page
from ui.access import role_for_email, role_for_password
from ui.registry import PAGES

PASSWORDS = {"editor": "edit-secret", "viewer": "view-secret"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_demo_workspace(tmp_path_factory.mktemp("demo_access"))


@pytest.fixture(autouse=True)
def _passwords(app_env):
    app_env.setenv("CRM_OKR_EDITOR_PASSWORD", PASSWORDS["editor"])
    app_env.setenv("CRM_OKR_VIEWER_PASSWORD", PASSWORDS["viewer"])


def _registered_pages(at) -> list[str]:
    """The script paths registered by the last run's navigation (AppTest keeps them for switch_page)."""
    return [str(info.get("script_path")) for info in at._registered_pages.values()]


def test_role_for_password_is_exact():
    assert role_for_password("edit-secret", PASSWORDS) == "editor"
    assert role_for_password("view-secret", PASSWORDS) == "viewer"
    assert role_for_password("edit-secret ", PASSWORDS) is None
    assert role_for_password("", PASSWORDS) is None
    assert role_for_password("anything", {}) is None


def test_role_for_email():
    access = {"editors": ["Boss@Example.com"], "viewers": ["rep@example.com"]}
    assert role_for_email("boss@example.com", access) == "editor"
    assert role_for_email("rep@example.com", access) == "viewer"
    assert role_for_email("stranger@example.com", access) is None
    assert role_for_email("anyone@example.com", {"editors": []}) == "viewer"


def _shows_only_the_gate(at) -> bool:
    nothing = len(at.metric) == 0 and len(at.dataframe) == 0 and not at.get("plotly_chart")
    return not at.exception and len(at.text_input) == 1 and at.text_input[0].label in (
        "Workspace password", "工作区密码") and nothing


@pytest.mark.parametrize("page", [spec.path for spec in PAGES])
def test_password_gate_blocks_every_page(page, demo_db, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/overview.py", db=str(db))
    assert _shows_only_the_gate(at)
    # Asking for the page directly still shows nothing but the password form.
    at.switch_page(page).run()
    assert _shows_only_the_gate(at), f"{page} leaked content past the password gate"


def test_wrong_password_is_refused(demo_db, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/overview.py", db=str(db))
    at.text_input[0].input("guess")
    at.button[0].click().run()
    assert at.error and "not right" in at.error[0].value
    assert "role" not in at.session_state


def test_viewer_cannot_upload_or_delete(demo_db, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/overview.py", db=str(db), session={"role": "viewer"})
    assert not at.exception
    assert len(at.metric) > 0, "viewers see the pages"
    data = run_page("app_pages/data.py", db=str(db), session={"role": "viewer"})
    assert not data.exception
    labels = [b.label for b in data.button]
    assert "Delete upload" not in labels
    assert not any(c.label.startswith("Delete ") for c in data.checkbox)
    # app.py does not register the upload and OKR editor pages for viewers, so they cannot be reached.
    home = run_page("app_pages/overview.py", db=str(db), session={"role": "viewer"})
    registered = _registered_pages(home)
    assert registered and not any(p.endswith(("upload.py", "okr_editor.py")) for p in registered)
    for editor_page in ("app_pages/upload.py", "app_pages/okr_editor.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            home.switch_page(editor_page)
    # Settings is visible but stops before any control.
    settings = run_page("app_pages/settings.py", db=str(db), session={"role": "viewer"})
    assert any("Only editors" in i.value for i in settings.info)
    assert [b.key for b in settings.button] == ["logout"] and not settings.get("color_picker")


def test_editor_password_lets_in_and_shows_upload(demo_db, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/overview.py", db=str(db))
    at.text_input[0].input("edit-secret")
    at.button[0].click().run()
    assert at.session_state["role"] == "editor"
    assert len(at.metric) > 0
    at.switch_page("app_pages/upload.py").run()
    assert not at.exception
    assert at.get("file_uploader")
