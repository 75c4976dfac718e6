"""The OKR editor's flows in the app (AppTest): an objective needs a key result before it saves; after a save the form
is a blank new objective; an error names the field in the user's words and keeps what was typed; objectives, key
results and check-ins are edited and deleted.  The key-result grid is driven through its session state (the edits
Streamlit's data editor sends: edited_rows, added_rows, deleted_rows)."""

from __future__ import annotations

import pytest

from tests.apptest_support import build_demo_workspace, copy_workspace, error_texts, run_page

pytestmark = pytest.mark.usefixtures("app_env")
EDITOR = "app_pages/okr_editor.py"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_demo_workspace(tmp_path_factory.mktemp("okr_editor_flows"))


@pytest.fixture
def db(demo_db, tmp_path):
    return str(copy_workspace(demo_db, tmp_path / "ws.duckdb"))


def stored(db: str) -> dict:
    """The objectives the workspace holds now, by id (read after the app let go of the file)."""
    from okr.okr_write import load_from_workspace
    from store import close_shared, open_workspace

    close_shared()
    ws = open_workspace(db)
    try:
        return {o.id: o for o in load_from_workspace(ws)}
    finally:
        close_shared()


def text_input(at, label: str):
    return next(w for w in at.text_input if w.label == label)


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def grid_key(at, objective_id: str) -> str:
    """The key-result grid of ``objective_id`` in the form drawn now (its key carries the form's version)."""
    version = at.session_state["editor_form_version"] if "editor_form_version" in at.session_state else 0  # noqa: SIM401 (no .get on AppTest state)
    return f"krs_{objective_id}_{version}"


def pick(at, objective_id: str):
    """Choose an objective (or "__new__", the last option) by position: the labels are translated at run time."""
    picker = at.selectbox(key="editor_pick")
    labels = list(picker.options)
    index = len(labels) - 1 if objective_id == "__new__" else next(
        i for i, label in enumerate(labels) if label.startswith(f"{objective_id} ·"))
    return picker.select_index(index).run()


def new_objective(at, title: str = "Win back lapsed customers"):
    pick(at, "__new__")
    text_input(at, "Title (English)").input(title)
    text_input(at, "Owner").input("Helen Ma")
    return at


def test_an_objective_without_key_results_does_not_save(db):
    at = new_objective(run_page(EDITOR, db=db))
    button(at, "Save objectives").click().run()
    assert not at.exception
    assert "Add at least one key result before saving (three to five are best)." in error_texts(at)
    assert "O5" not in stored(db)
    assert text_input(at, "Title (English)").value == "Win back lapsed customers"  # what was typed stays


def test_after_a_save_the_form_is_a_blank_new_objective(db):
    at = new_objective(run_page(EDITOR, db=db))
    at.session_state[grid_key(at, "O5")] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"metric": "new_customers", "target_type": "reach_count", "value": 60},
        {"metric": "nps", "target_type": "to_value", "value": 45, "title_en": "NPS to 45"},
    ]}
    button(at, "Save objectives").click().run()
    assert not at.exception and not at.error
    saved = stored(db)["O5"]
    assert [kr.id for kr in saved.key_results] == ["O5.1", "O5.2"] and saved.owner == "Helen Ma"
    assert any("Objective O5 saved." in s.value for s in at.success)
    # The form now reads a new objective O6, empty: a second click cannot save a duplicate.
    assert at.selectbox(key="editor_pick").value == "__new__"
    assert text_input(at, "ID").value == "O6" and text_input(at, "Title (English)").value == ""
    assert text_input(at, "Owner").value == ""
    button(at, "Save objectives").click().run()
    assert set(stored(db)) == {"O1", "O2", "O3", "O4", "O5"}


def test_a_bad_percentage_names_the_field_and_keeps_what_was_typed(db):
    at = new_objective(run_page(EDITOR, db=db), title="Delight customers")
    at.session_state[grid_key(at, "O5")] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"metric": "csat", "target_type": "to_value", "value": 90, "title_en": "CSAT to 90%"},
    ]}
    button(at, "Save objectives").click().run()
    errors = error_texts(at)
    assert not at.exception and errors
    assert any("Value" in e and "0.9" in e and "CSAT" in e for e in errors), errors
    assert not any("line" in e or "okrs.yaml" in e for e in errors), errors
    assert text_input(at, "Title (English)").value == "Delight customers"
    assert "O5" not in stored(db)


def test_chinese_errors_name_the_field_in_chinese(db):
    at = run_page(EDITOR, db=db, lang="zh")
    pick(at, "__new__")
    text_input(at, "标题（英文）").input("x")
    button(at, "保存目标").click().run()
    assert "保存前请至少添加一个关键结果（建议三到五个）。" in error_texts(at)
