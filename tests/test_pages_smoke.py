"""AppTest smoke test over exactly the pages app.py registers, in both languages, demo and empty workspaces."""

from __future__ import annotations

import pytest

from tests.apptest_support import build_demo_workspace, copy_workspace, error_texts, run_page
from ui.registry import PAGES

PAGE_PATHS = [spec.path for spec in PAGES]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_demo_workspace(tmp_path_factory.mktemp("demo"))


pytestmark = pytest.mark.usefixtures("app_env")


def test_app_registers_every_page_file():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    on_disk = sorted(str(p.relative_to(root)) for p in (root / "app_pages").glob("*.py") if not p.name.startswith("_"))
    assert sorted(PAGE_PATHS) == on_disk, "every page file is registered and every registered page exists"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGE_PATHS)
def test_page_runs_on_the_demo_workspace(page, lang, demo_db, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page(page, db=str(db), lang=lang)
    assert not at.exception, [e.message for e in at.exception]
    assert error_texts(at) == []
    assert at.title, "every page has a title"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGE_PATHS)
def test_page_runs_on_an_empty_workspace(page, lang, tmp_path):
    at = run_page(page, db=str(tmp_path / "empty.duckdb"), lang=lang, no_demo=True)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title
