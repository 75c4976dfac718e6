"""Load the demo workspace: the sample exports in sample_data/ and the brief's objectives."""

from __future__ import annotations

from pathlib import Path

import yaml

from store import Workspace

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
DEMO_SUFFIXES = (".csv", ".xlsx", ".xls", ".txt", ".tsv")


def demo_files() -> list[Path]:
    return sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() in DEMO_SUFFIXES and p.is_file())


def load_demo(ws: Workspace) -> list[dict]:
    """Load every demo export and the sample OKRs; returns one report dict per file."""
    from ingest import load_export

    reports = [load_export(ws, path.read_bytes(), path.name).as_dict() for path in demo_files()]
    okrs = SAMPLE_DIR / "okrs.yaml"
    if okrs.exists() and not ws.objectives():
        doc = yaml.safe_load(okrs.read_text(encoding="utf-8")) or {}
        ws.save_objectives(list(doc.get("objectives") or []))
    if not (ws.get_setting("branding") or {}).get("name"):
        ws.set_setting("branding", {"name": "Northwind Trading", "accent": "#0f766e"})
    ws.set_setting("demo", True)
    ws.set_setting("demo_cleared", False)
    return reports


def is_demo(ws: Workspace) -> bool:
    return bool(ws.get_setting("demo", False))


def clear_demo(ws: Workspace) -> None:
    """Remove everything the demo brought: its data and uploads, objectives, check-ins, branding and settings
    (the language and time zone stay); the demo is not loaded again by itself."""
    ws.reset()
