"""The OKR editor's flows in the app (AppTest): an objective needs a key result before it saves; after a save the form
is a blank new objective; an error names the field in the user's words and keeps what was typed; objectives, key
results and check-ins are edited and deleted.  The key-result grid is driven through its session state (the edits
Streamlit's data editor sends: edited_rows, added_rows, deleted_rows), by its headers in the user's words."""

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
        {"Metric": "new_customers", "Target": "reach_count", "Value": 60},
        {"Metric": "nps", "Target": "to_value", "Value": 45, "Title (English)": "NPS to 45"},
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
        {"Metric": "csat", "Target": "to_value", "Value": 90, "Title (English)": "CSAT to 90%"},
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


def add_checkins(db: str, *rows: tuple) -> None:
    from store import Workspace

    ws = Workspace(db)
    for kr_id, objective_id, day, confidence, comment in rows:
        ws.add_checkin(kr_id=kr_id, objective_id=objective_id, checkin_date=day, confidence=confidence,
                       comment=comment)
    ws.close()


def checkins(db: str):
    from store import close_shared, open_workspace

    close_shared()
    try:
        return open_workspace(db).checkins()
    finally:
        close_shared()


def test_editing_an_objective_and_its_key_results_in_the_grid(db):
    at = pick(run_page(EDITOR, db=db), "O2")
    text_input(at, "Owner").input("Emily Zhou")
    # row 1 (O2.2, win rate): target 33% -> 34%; row 2 (O2.3) deleted
    at.session_state[grid_key(at, "O2")] = {"edited_rows": {1: {"Value": 0.34}}, "added_rows": [],
                                           "deleted_rows": [2]}
    button(at, "Save objectives").click().run()
    assert not at.exception and not at.error
    o2 = stored(db)["O2"]
    assert o2.owner == "Emily Zhou" and [kr.id for kr in o2.key_results] == ["O2.1", "O2.2"]
    assert o2.key_results[1].target.value == 0.34
    assert any("2 key result(s)" in w.value for w in at.warning)  # fewer than the three to five advised
    assert list(stored(db)) == ["O1", "O2", "O3", "O4"]  # edited in place, not added


def test_deleting_a_key_result_but_never_the_last(db):
    add_checkins(db, ("O3.2", "O3", "2026-08-05", 6, "North is still slow"),
                 ("O3.1", "O3", "2026-08-06", 8, "South on the new shift"))
    at = pick(run_page(EDITOR, db=db), "O3")
    at.selectbox(key="delete_kr_pick_O3").select_index(1).run()  # O3.2
    at.button(key="delete_kr_O3").click().run()
    assert not at.exception and not at.error
    assert [kr.id for kr in stored(db)["O3"].key_results] == ["O3.1", "O3.3"]
    assert list(checkins(db)["kr_id"]) == ["O3.1"]  # the deleted key result's check-in went with it
    assert any("Key result O3.2 deleted." in s.value for s in at.success)
    at.button(key="delete_kr_O3").click().run()
    at.button(key="delete_kr_O3").click().run()
    assert [kr.id for kr in stored(db)["O3"].key_results] == ["O3.3"]
    assert "An objective needs at least one key result; add another before deleting O3.3, or delete the objective." \
        in error_texts(at)


def test_deleting_an_objective_removes_it_and_its_check_ins(db):
    add_checkins(db, ("O4.1", "O4", "2026-08-05", 7, "Churn is low"), ("O1.1", "O1", "2026-08-05", 8, "CSAT up"))
    at = pick(run_page(EDITOR, db=db), "O4")
    at.checkbox(key="confirm_delete_O4").check().run()
    at.button(key="delete_O4").click().run()
    assert not at.exception
    assert list(stored(db)) == ["O1", "O2", "O3"]
    assert list(checkins(db)["kr_id"]) == ["O1.1"]
    assert at.selectbox(key="editor_pick").value == "__new__"


def test_a_check_in_typed_wrong_is_corrected_or_removed(db):
    add_checkins(db, ("O2.1", "O2", "2026-08-03", 5, "Paid Search was cut"),
                 ("O2.1", "O2", "2026-08-04", 9, "typed on the wrong key result"))
    at = pick(run_page(EDITOR, db=db), "O2")
    grid = "checkin_grid_O2_0"
    at.session_state[grid] = {"edited_rows": {0: {"confidence": 4, "comment": "Paid Search was cut in July"},
                                              1: {"remove": True}}, "added_rows": [], "deleted_rows": []}
    button(at, "Save check-ins").click().run()
    assert not at.exception and not at.error
    left = checkins(db)
    assert list(left["comment"]) == ["Paid Search was cut in July"] and list(left["confidence"]) == [4]
    assert any("Check-ins saved: 1 corrected, 1 removed." in s.value for s in at.success)


def test_a_check_in_confidence_outside_1_to_10_is_refused(db):
    add_checkins(db, ("O2.1", "O2", "2026-08-03", 5, "Paid Search was cut"))
    at = pick(run_page(EDITOR, db=db), "O2")
    at.session_state["checkin_grid_O2_0"] = {"edited_rows": {0: {"confidence": 11}}, "added_rows": [],
                                             "deleted_rows": []}
    button(at, "Save check-ins").click().run()
    assert "Check-in in row 1: Confidence is a whole number from 1 to 10." in error_texts(at)
    assert list(checkins(db)["confidence"]) == [5]
