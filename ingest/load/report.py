"""What a load did, in the shape the CLI (--json), the pages and the uploads registry share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

REJECTED_COLUMNS = ["row_no", "column_name", "value", "reason"]


_NUL_SENTENCE = r"Removed (?P<n>[\d,]+) NUL bytes.*$"  # ingest/read/encoding.py's sentence

# The file readers report what they dropped or repaired as English sentences; these patterns give each a
# translation key (i18n/table/ingest.toml) with the numbers and names it carries.
_READER_SENTENCES: tuple[tuple[str, str], ...] = (
    (r"Dropped (?P<n>[\d,]+) blank rows?$", "ingest.read.blank_rows"),
    (r"Dropped (?P<n>[\d,]+) subtotal rows?$", "ingest.read.subtotal_rows"),
    (r"Dropped (?P<n>[\d,]+) footer lines? \(Salesforce report footer\)$", "ingest.read.salesforce_footer"),
    (r"Dropped (?P<n>[\d,]+) footer lines?$", "ingest.read.footer"),
    (r'Skipped (?P<n>[\d,]+) Dynamics 365 "\(Do Not Modify\)" columns?$', "ingest.read.do_not_modify"),
    (_NUL_SENTENCE, "ingest.read.nul_bytes"),
    (r"Line (?P<line>[\d,]+)(?: and (?P<others>[\d,]+) other places)? had bytes that are not valid UTF-8.*$",
     "ingest.read.invalid_utf8"),
    (r"(?P<n>[\d,]+) characters could not be read as (?P<codec>\S+) and were replaced.*$",
     "ingest.read.undecodable"),
    (r"Some rows have more values than the header has names; the extra values are kept in (?P<names>.+)$",
     "ingest.read.extra_values"),
)


def _reader_sentence(text: str, lang: str) -> str:
    import re

    from i18n import has, t

    for pattern, key in _READER_SENTENCES:
        found = re.match(pattern, text)
        if found and has(key):
            values = {k: (v or "0") for k, v in found.groupdict().items()}
            if values.get("others") == "0" and has(key + "_one"):
                key += "_one"
            return t(key, lang, **values)
    return text


# The detection's reasons (ingest/plan/detect.py, planner.py) are English sentences of a few shapes; these
# patterns give each a translation key with the names it carries (entities and fields are translated).
_REASONS: tuple[tuple[str, str], ...] = (
    (r"(?P<n>\d+) of (?P<total>\d+) headers match the (?P<label>.+?): (?P<list>.*)$", "ingest.reason.preset"),
    (r"(?P<n>\d+) of (?P<total>\d+) headers map to (?P<entity>\w+) fields: (?P<list>.*)$", "ingest.reason.fit"),
    (r"(?P<col>.+) → (?P<field>\w+): its words say (?P<words>.+), and its values are (?P<kind>.+)$",
     "ingest.reason.words"),
    (r"next best: (?P<entity>\w+) \(score (?P<a>[\d.]+) vs (?P<b>[\d.]+)\)$", "ingest.reason.next_best"),
    (r"(?P<col>.+) implies (?P<field>\w+) (?P<value>.+) for every row$", "ingest.reason.implied"),
    (r"no column for the required field (?P<fields>.+)$", "ingest.reason.missing_required"),
    (r"(?P<col>.+) values include (?P<values>.+) \(deal outcomes\)$", "ingest.reason.outcomes"),
    (r"mapping confirmed earlier for these headers \(remembered\)$", "ingest.reason.remembered"),
    (r"entity (?P<entity>\w+) chosen by the user$", "ingest.reason.chosen"),
    (r"the headers do not look like any known CRM records$", "ingest.reason.unknown"),
    (r"mapping adjusted by the user: (?P<list>.*)$", "ingest.reason.adjusted"),
)
_KIND_KEYS = {"identifiers": "id", "labels": "dimension", "dates": "date", "amounts": "money", "numbers": "number",
              "yes/no values": "bool", "durations": "duration", "percentages": "percent", "text": "text"}


def reason_text(reason: str, lang: str = "en") -> str:
    """One of the detection's reasons in ``lang``, entity and field ids named in the reader's words in English
    too (unchanged when its shape is unknown)."""
    import re

    from i18n import has, t

    def name(kind: str, value: str) -> str:
        return t(f"{kind}.{value}", lang) if has(f"{kind}.{value}") else value

    def fields_in(text: str) -> str:  # "Deal Value → amount, Stage → stage": the field names translated
        return re.sub(r"→ (\w+)", lambda m: "→ " + name("field", m.group(1)), text)

    for pattern, key in _REASONS:
        found = re.match(pattern, reason)
        if found and has(key):
            values = dict(found.groupdict())
            for k in ("entity",):
                if k in values:
                    values[k] = name("entity", values[k])
            if "field" in values:
                values["field"] = name("field", values["field"])
            if "fields" in values:
                values["fields"] = ", ".join(name("field", f.strip()) for f in values["fields"].split(","))
            if "list" in values:
                values["list"] = fields_in(values["list"])
            if "label" in values and lang != "en":  # a preset's English label: its system and entity instead
                values["label"] = _preset_label(values["label"], lang)
            if "kind" in values:
                values["kind"] = name("ingest.kind", _KIND_KEYS.get(values["kind"], values["kind"]))
            return t(key, lang, **values)
    return reason


def _preset_label(label: str, lang: str) -> str:
    from i18n import has, t
    from ingest.plan.presets import PRESETS, SOURCE_LABELS

    for preset in PRESETS:
        if preset.label == label and has("upload.source_export"):
            return t("upload.source_export", lang, system=SOURCE_LABELS.get(preset.source, preset.source),
                     entity=t(f"entity.{preset.entity}", lang))
    return label


def warning_text(warning: dict | str, lang: str = "en") -> str:
    """A plan or report warning as one sentence in ``lang`` (the English ``message`` when untranslated)."""
    if not isinstance(warning, dict):
        return _reader_sentence(str(warning), lang) if lang != "en" else str(warning)
    from i18n import has, t

    key = f"ingest.warn.{warning.get('code')}"
    if not has(key):  # a reader's sentence carried in a plan warning ({"code": "reader", ...})
        message = str(warning.get("message", ""))
        return _reader_sentence(message, lang) if lang != "en" else message
    values = {k: v for k, v in warning.items() if isinstance(v, str | int | float)}
    if "field" in values and has(f"field.{values['field']}"):
        values["field"] = t(f"field.{values['field']}", lang)
    if "chosen" in values and has(f"ingest.date_order.{values['chosen']}"):
        values["chosen"] = t(f"ingest.date_order.{values['chosen']}", lang)
    try:
        return t(key, lang, **values)
    except (KeyError, IndexError):
        return str(warning.get("message", ""))


def empty_rejected() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})


def rejected_frame(rows: list[tuple]) -> pd.DataFrame:
    """The rejected cells (row_no, column_name, value, reason) as a DataFrame."""
    if not rows:
        return empty_rejected()
    import pandas as pd

    frame = pd.DataFrame(rows, columns=REJECTED_COLUMNS, dtype=object)
    return frame.astype({"row_no": "int64"})


@dataclass
class LoadReport:
    file: str
    entity: str | None
    source: str | None
    confidence: float = 0.0
    source_label: str = ""
    source_confidence: float = 0.0
    entity_reasons: list[str] = field(default_factory=list)
    container: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    delimiter: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    derived: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    cells_rejected: int = 0
    links: list[dict] = field(default_factory=list)  # [{source, field, target, rows, linked}] (ingest/load/links.py)
    cells_unread: int = 0  # cells of loaded rows that did not parse (left empty); see the cells_unreadable warnings
    earlier_versions: int = 0  # rows of an event log that an id's later row supersedes (not loaded)
    records_replaced: int = 0
    replaced: list[dict] = field(default_factory=list)  # [{upload_id, file, loaded_at, records}]
    collisions: list[dict] = field(default_factory=list)  # [{upload_id, file, ids}]: other reports, kept
    lineage: int | None = None  # the first upload of the report this load continues (itself for a new one)
    key_columns: list[str] = field(default_factory=list, repr=False)
    headers: list[str] = field(default_factory=list, repr=False)
    date_ranges: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    upload_id: int | None = None
    already_loaded: bool = False
    sha256: str = ""
    size_bytes: int = 0
    header_signature: str = ""
    seconds: float = 0.0
    # (row_no, column_name, value, reason) tuples; ``rejected`` builds the DataFrame on first use, so a
    # command-line load never imports pandas.
    rejected_rows: list[tuple] = field(default_factory=list, repr=False)
    _rejected: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def rejected(self) -> pd.DataFrame:
        if self._rejected is None:
            self._rejected = rejected_frame(self.rejected_rows)
        return self._rejected

    @rejected.setter
    def rejected(self, value: pd.DataFrame) -> None:
        self._rejected = value

    @property
    def nul_bytes_removed(self) -> int:
        """NUL bytes the reader removed from the text (exporters pad fields or the file's end with them)."""
        import re

        for warning in self.warnings:
            message = warning.get("message", "") if isinstance(warning, dict) else str(warning)
            found = re.match(_NUL_SENTENCE, message)
            if found:
                return int(found.group("n").replace(",", ""))
        return 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; ``rejected`` is left out (it can be large: see ``rejected`` / ws.rejected_rows)."""
        return {
            "file": self.file,
            "entity": self.entity,
            "source": self.source,
            "confidence": self.confidence,
            "source_label": self.source_label,
            "source_confidence": self.source_confidence,
            "entity_reasons": self.entity_reasons,
            "container": self.container,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "delimiter": self.delimiter,
            "mapping": self.mapping,
            "formats": self.formats,
            "derived": self.derived,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "cells_rejected": self.cells_rejected,
            "cells_unread": self.cells_unread,
            "links": self.links,
            "earlier_versions": self.earlier_versions,
            "records_replaced": self.records_replaced,
            "replaced": self.replaced,
            "collisions": self.collisions,
            "lineage": self.lineage,
            "date_ranges": self.date_ranges,
            "warnings": self.warnings,
            "nul_bytes_removed": self.nul_bytes_removed,
            "upload_id": self.upload_id,
            "already_loaded": self.already_loaded,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "header_signature": self.header_signature,
            "seconds": round(self.seconds, 3),
        }


def link_text(link: dict, lang: str = "en") -> str:
    """"812 of 842 deals matched a loaded lead (by lead_id)", in ``lang``."""
    from i18n import fmt_number, t

    return t("ingest.link", lang, linked=fmt_number(link["linked"], lang), rows=fmt_number(link["rows"], lang),
             source=t(f"entity.{link['source']}", lang), target=t(f"entity.{link['target']}", lang),
             field=t(f"field.{link['field']}", lang))
