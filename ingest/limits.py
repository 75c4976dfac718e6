"""The largest file the importer accepts: the same 400 MB as the Upload page's ``server.maxUploadSize``
(.streamlit/config.toml), for the CLI and any other caller too.  ``CRM_OKR_MAX_UPLOAD_MB`` changes it."""

from __future__ import annotations

import os

from ingest.errors import IngestError

MAX_UPLOAD_ENV = "CRM_OKR_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 400
MB = 1024 * 1024


def max_upload_mb() -> float:
    raw = os.environ.get(MAX_UPLOAD_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_UPLOAD_MB
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise IngestError(
            f"{MAX_UPLOAD_ENV}={raw!r} is not a size; set it to a number of megabytes such as "
            f"{DEFAULT_MAX_UPLOAD_MB}, or unset it."
        )
    return value


def check_upload_size(size: int, file_name: str) -> None:
    """Refuse a file larger than the limit, before any of it is read."""
    limit = max_upload_mb()
    if size > limit * MB:
        raise IngestError(
            f"{file_name} is {size / MB:,.1f} MB, more than the {limit:g} MB a file may have; export a shorter "
            f"date range or fewer columns and upload that (or raise the limit with {MAX_UPLOAD_ENV})."
        )
