"""The page list app.py registers with st.navigation; the AppTest smoke test walks the same list.

Pure data (no streamlit import) so tests can read it without a running app.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the project root
    title_key: str  # i18n key
    icon: str
    section_key: str
    default: bool = False
    editor_only: bool = False  # hidden from viewers when access control is on


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/overview.py", "nav.overview", ":material/dashboard:", "nav.section.track", default=True),
    PageSpec("app_pages/kpi_explorer.py", "nav.kpi_explorer", ":material/monitoring:", "nav.section.track"),
    PageSpec("app_pages/channels.py", "nav.channels", ":material/hub:", "nav.section.track"),
    PageSpec("app_pages/objectives.py", "nav.objectives", ":material/flag:", "nav.section.okr"),
    PageSpec("app_pages/kr_detail.py", "nav.kr_detail", ":material/query_stats:", "nav.section.okr"),
    PageSpec("app_pages/okr_editor.py", "nav.okr_editor", ":material/edit_note:", "nav.section.okr", editor_only=True),
    PageSpec("app_pages/review.py", "nav.review", ":material/slideshow:", "nav.section.report"),
    PageSpec("app_pages/upload.py", "nav.upload", ":material/upload_file:", "nav.section.data", editor_only=True),
    PageSpec("app_pages/data.py", "nav.data", ":material/table_view:", "nav.section.data"),
    PageSpec("app_pages/settings.py", "nav.settings", ":material/settings:", "nav.section.data"),
)
