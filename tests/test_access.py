"""Access control: the password gate blocks every page; viewers cannot reach upload or delete actions."""

from __future__ import annotations

import pytest

from i18n import t
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


# ---------------------------------------------------------------- sign-in that lasts, and its brake
from ui import signin  # noqa: E402

SECRET = b"k" * 32


def test_token_grants_its_role_until_it_expires():
    token = signin.make_token("viewer", secret=SECRET, passwords=PASSWORDS, lifetime=3600, now=1_000_000)
    assert "view-secret" not in token  # the password never travels to the browser
    assert signin.role_for_token(token, secret=SECRET, passwords=PASSWORDS, now=1_000_000 + 3599) == "viewer"
    assert signin.role_for_token(token, secret=SECRET, passwords=PASSWORDS, now=1_000_000 + 3600) is None


def test_token_is_refused_when_forged_or_the_password_changed():
    token = signin.make_token("viewer", secret=SECRET, passwords=PASSWORDS, lifetime=3600, now=0)
    role, expires, nonce, signature = token.split(".")
    check = {"secret": SECRET, "passwords": PASSWORDS, "now": 10}
    assert signin.role_for_token(".".join(["editor", expires, nonce, signature]), **check) is None
    assert signin.role_for_token(".".join([role, "99999999999", nonce, signature]), **check) is None
    assert signin.role_for_token(token, secret=b"other", passwords=PASSWORDS, now=10) is None
    assert signin.role_for_token(token, secret=SECRET, passwords={**PASSWORDS, "viewer": "new"}, now=10) is None
    for junk in (None, "", "a.b.c", "viewer.soon.x.y", "x" * 400):
        assert signin.role_for_token(junk, **check) is None


def test_server_secret_is_made_once_beside_the_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv(signin.SECRET_ENV, raising=False)
    target = str(tmp_path / "ws.duckdb")
    first = signin.server_secret(target)
    assert len(first) == 32 and signin.server_secret(target) == first
    assert oct((tmp_path / "ws.duckdb.signin-key").stat().st_mode & 0o777) == "0o600"
    assert signin.server_secret(target, "configured") == b"configured"


@pytest.mark.parametrize(("configured", "env", "seconds"), [
    (None, None, 12 * 3600), (2, None, 7200), (None, "0.5", 1800), ("junk", None, 12 * 3600), (0, None, 60),
])
def test_session_lifetime(configured, env, seconds, monkeypatch):
    if env is None:
        monkeypatch.delenv(signin.SESSION_HOURS_ENV, raising=False)
    else:
        monkeypatch.setenv(signin.SESSION_HOURS_ENV, env)
    assert signin.session_seconds(configured) == seconds


def test_throttle_waits_after_five_wrong_passwords_and_doubles():
    throttle = signin.Throttle()
    assert [throttle.failed("a", now=100) for _ in range(4)] == [0, 0, 0, 0]
    assert throttle.wait_seconds("a", now=100) == 0
    assert throttle.failed("a", now=100) == 30  # the fifth: wait 30 s
    assert throttle.wait_seconds("a", now=110) == 20
    assert throttle.wait_seconds("b", now=110) == 0  # per client
    assert throttle.wait_seconds("a", now=130) == 0
    assert throttle.failed("a", now=130) == 60  # each further failure doubles the wait
    assert throttle.failed("a", now=190) == 120
    throttle.succeeded("a")
    assert throttle.wait_seconds("a", now=191) == 0 and throttle.failed("a", now=191) == 0


def test_throttle_wait_is_capped():
    throttle = signin.Throttle()
    waits = [throttle.failed("a", now=0) for _ in range(20)]
    assert max(waits) == 900 and waits[-1] == 900


def test_client_key():
    assert signin.client_key("203.0.113.9", "1.1.1.1") == "203.0.113.9"
    # Behind a declared local proxy: the hop the proxy added; without one the header is the client's own claim.
    assert signin.client_key(None, "1.1.1.1, 198.51.100.7", trust_proxy=True) == "198.51.100.7"
    assert signin.client_key(None, "1.1.1.1, 198.51.100.7", trust_proxy=False) == "local"
    assert signin.client_key(None, None, trust_proxy=True) == "local"


@pytest.mark.parametrize("token", ["editor.²³.0123456789abcdef." + "a" * 64, "editor.9999999999.0123456789abcdef." + "é" * 64,
                                   "editor.1.2.3.4", "", "editor..0123456789abcdef." + "a" * 64, None])
def test_malformed_tokens_are_refused_not_raised(token):
    assert signin.role_for_token(token, secret=b"k" * 32, passwords={"editor": "pw"}, now=0.0) is None


def test_an_empty_key_file_is_not_a_key(tmp_path):
    target = str(tmp_path / "ws.duckdb")
    (tmp_path / "ws.duckdb.signin-key").write_text("")  # a session stopped between create and write
    assert len(signin.server_secret(target)) >= 16


def test_throttled_form_refuses_even_the_right_password(demo_db, tmp_path):
    signin.THROTTLE.clear()
    try:
        db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
        at = run_page("app_pages/overview.py", db=str(db))
        for _ in range(5):
            at.text_input[0].input("guess")
            at.button[0].click().run()
        assert at.error[0].value == t("access.throttled", "en", seconds=30)
        at.text_input[0].input("edit-secret")
        at.button[0].click().run()
        assert "role" not in at.session_state
        assert at.error[0].value.startswith("Too many wrong passwords from this computer: wait ")
    finally:
        signin.THROTTLE.clear()
