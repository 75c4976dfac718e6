"""User text (file names, headers, cell values, objective titles, comments) shown as text, never as markup.

Streamlit renders Markdown in titles, headers, captions, alerts, widget and metric labels, expanders and
image captions.  Raw HTML is shown escaped, but Markdown images load from any server (a tracking pixel in
a file name), links and bare URLs become clickable, and ``:red[...]``/``:material/...:`` directives apply.
Plotly applies its own HTML subset (``<a href>``, ``<b>``, ``<span style>``) in every label and hover text.
``md`` and ``chart_text`` make user text inert in each; selectbox options and dataframes are already text.
"""

from __future__ import annotations

import re

import pandas as pd

# ASCII punctuation that Markdown, GFM (tables, strikethrough, autolinks) or Streamlit's directives act on.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&\"'])")


def md(text: object) -> str:
    """``text`` for a Markdown-rendering element: each special character backslash-escaped, so that it
    shows exactly as written (CommonMark escapes any ASCII punctuation this way)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def chart_text(text: object) -> str:
    """``text`` for a Plotly label: its tags shown, not applied (Plotly decodes the entities back)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_frame(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy of ``frame`` whose text ``columns`` (those present) are safe as Plotly labels."""
    present = [c for c in columns if c in frame.columns]
    if not present:
        return frame
    safe = {c: frame[c].map(lambda v: v if v is None or pd.isna(v) else chart_text(v)) for c in present}
    return frame.assign(**safe)
