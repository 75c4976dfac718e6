"""Slide figures -> PNG bytes, the whole deck in one headless Chromium session (kaleido 1.x).

``render_pngs`` starts ONE browser (kaleido.Kaleido, an async context over choreographer), hands it all
figures through kaleido's batch entry point ``write_fig_from_object`` and closes it.  Plain
``fig.to_image`` in kaleido 1.x starts and stops a fresh Chromium for every call (``calc_fig_sync`` ->
a one-shot ``Kaleido``), which costs ~1.5 s per image; see benchmarks/bench_review.py.

The browser is the system one: ``find_browser()`` looks at the env var ``CRM_OKR_CHROME`` (an explicit
path; when set, nothing else is tried), then ``chromium``, ``chromium-browser``, ``google-chrome`` on
PATH, the usual install locations (/usr/bin/chromium, macOS .app bundles), then choreographer's own
lookup (which honours ``BROWSER_PATH`` and a previously downloaded copy).  The path is passed to
``kaleido.Kaleido(path=...)``; choreographer already starts it with ``--headless --no-sandbox
--disable-gpu --disable-dev-shm-usage`` (no sandbox is what lets it run as root in containers).
Nothing is ever downloaded.  MathJax is disabled (slides use no LaTeX; the default would fetch it
from a CDN), plotly.js comes from the installed plotly package, so rendering works offline.

kaleido is async: the work runs with ``asyncio.run`` in a private worker thread, so ``render_pngs``
can be called from Streamlit's script thread or from code that already runs an event loop.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

MISSING_BROWSER = (
    "Slide images need Chromium: install it with `sudo apt-get install -y chromium fonts-noto-cjk` "
    "(macOS/Windows: install Google Chrome), then try again."
)
BROWSER_STOPPED = (
    "The browser stopped while drawing the slides: close some programs to free memory, then try again."
)
ENV_BROWSER = "CRM_OKR_CHROME"

_CANDIDATE_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_CANDIDATE_PATHS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
# At most two browsers per process at a time (two people exporting at once on a small server).
_BROWSERS = threading.BoundedSemaphore(2)


class RenderUnavailable(Exception):
    """Slides cannot be drawn on this machine; the message is one sentence saying what to do.

    ``key`` is the i18n key of the same sentence (i18n/table/review.toml) for pages that show it
    translated."""

    def __init__(self, message: str = MISSING_BROWSER, *, key: str = "review.error.no_browser") -> None:
        super().__init__(message)
        self.key = key


def _is_exe(path: str | os.PathLike[str]) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_browser() -> str | None:
    """Path of the Chrome/Chromium to render with, or None (see the module doc for the order)."""
    override = os.environ.get(ENV_BROWSER)
    if override:
        return override if _is_exe(override) else None
    for name in _CANDIDATE_NAMES:
        found = shutil.which(name)
        if found and _is_exe(found):
            return found
    for path in _CANDIDATE_PATHS:
        if _is_exe(path):
            return path
    try:  # Windows registry lookups, BROWSER_PATH, Edge/Brave, a copy kaleido downloaded earlier
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - best effort
        return None
    return found if found and _is_exe(found) else None


def _quiet_logs() -> None:
    """kaleido/choreographer log through logistro; keep their chatter out of the app's stderr."""
    import logging

    for name in ("kaleido", "choreographer", "browser_proc", "logistro"):
        logging.getLogger(name).setLevel(logging.ERROR)


START_TIMEOUT = 45.0  # seconds for the browser to start and load the page
CLOSE_TIMEOUT = 15.0
RELOAD_EVERY = 20  # reload a tab (fresh page, fresh plotly.js) after this many images


def _kaleido_class():
    """kaleido.Kaleido, minus its reload of the tab after every image.

    After each image kaleido reloads the page, which re-parses the 4.6 MB plotly.js (~0.2 s, twice the
    cost of drawing a slide).  Its page script calls ``Plotly.toImage(figure)``, which draws into a
    detached div and purges it, so nothing carries over from one image to the next; the tab goes
    straight back to the queue and is reloaded only every ``RELOAD_EVERY`` images to bound memory.
    If kaleido's internals change (no ``_return_kaleido_tab``), plain ``Kaleido`` is used."""
    import kaleido

    base = kaleido.Kaleido
    if not callable(getattr(base, "_return_kaleido_tab", None)):
        return base

    class DeckKaleido(base):
        _since_reload = 0

        async def _return_kaleido_tab(self, tab) -> None:
            queue = getattr(self, "tabs_ready", None)
            self._since_reload += 1
            if queue is None or self._since_reload >= RELOAD_EVERY:
                self._since_reload = 0
                await super()._return_kaleido_tab(tab)
            else:
                await queue.put(tab)

    return DeckKaleido


async def _render_async(specs: list[list[dict[str, Any]]], *, browser: str, opts: list[dict[str, Any]], tabs: int,
                        timeout: float) -> list[list[bytes]]:
    """``specs[i]`` are the figures to draw with ``opts[i]`` (one format each); the bytes in the same shape."""
    from choreographer.errors import ChromeNotFoundError

    try:
        k = _kaleido_class()(path=browser, n=tabs, timeout=timeout, mathjax=False)
    except (ChromeNotFoundError, RuntimeError, OSError) as exc:
        raise RenderUnavailable() from exc
    started = False
    try:
        try:
            await asyncio.wait_for(k.open(), START_TIMEOUT)
        except Exception as exc:  # BrowserFailedError, ChannelClosedError, OSError, timeout: did not start
            raise RenderUnavailable() from exc
        started = True
        with tempfile.TemporaryDirectory(prefix="crm-okr-slides-") as tmp:
            # One job per figure and format, all in this one browser (a PDF job prints the drawn page).
            paths = [[Path(tmp) / f"slide-{i:03d}.{o['format']}" for i in range(len(group))]
                     for o, group in zip(opts, specs, strict=True)]

            def jobs():
                for o, group, format_paths in zip(opts, specs, paths, strict=True):
                    for spec, path in zip(group, format_paths, strict=True):
                        yield {"fig": spec, "path": path, "opts": o}

            try:
                await k.write_fig_from_object(jobs(), cancel_on_error=True)
            except RenderUnavailable:
                raise
            except TimeoutError as exc:
                raise RenderUnavailable(BROWSER_STOPPED, key="review.error.browser_stopped") from exc
            except Exception as exc:
                if _browser_gone(exc):
                    raise RenderUnavailable(BROWSER_STOPPED, key="review.error.browser_stopped") from exc
                raise
            return [[path.read_bytes() for path in format_paths] for format_paths in paths]
    finally:
        if not started:  # a browser that did not come up is not asked politely
            _kill(k)
        try:
            await asyncio.wait_for(k.close(), CLOSE_TIMEOUT if started else 3.0)
        except Exception:  # noqa: BLE001 - closing a browser that already died or hangs
            _kill(k)


def _kill(k) -> None:
    """Stop the browser's process group (choreographer starts it in its own session: a small wrapper
    process and Chromium under it)."""
    proc = getattr(k, "subprocess", None)
    if proc is None or proc.poll() is not None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # Windows
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()
    try:
        proc.wait(timeout=5)
    except Exception:  # noqa: BLE001, S110 - best effort
        pass


def _browser_gone(exc: BaseException) -> bool:
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    return isinstance(exc, BrowserClosedError | BrowserFailedError | ChannelClosedError)


def _run_in_thread(coro_factory) -> Any:
    """Run ``asyncio.run(coro_factory())`` in a fresh thread (works under a running event loop)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(coro_factory())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="review-render", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def render_pngs(
    figures: Sequence[go.Figure | dict[str, Any]],
    *,
    width: int = 1920,
    height: int = 1080,
    scale: float = 1,
    tabs: int = 1,
    timeout: float = 60,
) -> list[bytes]:
    """PNG bytes for every figure, in order, drawn by one Chromium session.

    ``width``/``height`` are the layout size in CSS pixels and ``scale`` multiplies the image size
    (scale=2 gives 3840x2160 PNGs of the same slide).  ``tabs`` renders that many figures in parallel
    tabs of the same browser.  ``timeout`` is per figure.  Raises ``RenderUnavailable`` when no
    Chrome/Chromium is found or it cannot start or dies while drawing."""
    return render_figures(figures, formats=("png",), width=width, height=height, scale=scale, tabs=tabs,
                          timeout=timeout)["png"]


RENDER_FORMATS = ("png", "pdf")


def render_figures(
    figures: Sequence[go.Figure | dict[str, Any]],
    *,
    formats: Sequence[str] = ("png", "pdf"),
    width: int = 1920,
    height: int = 1080,
    scale: float = 1,
    tabs: int = 1,
    timeout: float = 60,
) -> dict[str, list[bytes]]:
    """``{format: [bytes per figure]}`` for ``formats`` (png, pdf), every figure drawn in ONE Chromium
    session (see ``render_pngs`` for the arguments).  A PDF is one vector page of ``width`` x ``height``
    CSS pixels (1920 x 1080 px = 1440 x 810 pt) whose text is real text in embedded fonts (Chromium
    prints the figure's SVG), so it can be selected and searched; ``scale`` applies to PNGs only."""
    unknown = [f for f in formats if f not in RENDER_FORMATS]
    if unknown:
        raise ValueError(f"unknown render format(s) {unknown}; choose from {', '.join(RENDER_FORMATS)}")
    wanted = list(dict.fromkeys(formats))
    if not figures or not wanted:
        return {f: [] for f in wanted}
    browser = find_browser()
    if browser is None:
        raise RenderUnavailable()
    specs = [fig.to_dict() if isinstance(fig, go.Figure) else dict(fig) for fig in figures]
    groups = [[pdf_spec(s) for s in specs] if f == "pdf" else specs for f in wanted]
    opts = [{"format": f, "width": width, "height": height, "scale": scale if f == "png" else 1} for f in wanted]
    _quiet_logs()
    with _BROWSERS:
        out = _run_in_thread(
            lambda: _render_async(groups, browser=browser, opts=opts, tabs=max(1, int(tabs)), timeout=timeout)
        )
    return dict(zip(wanted, out, strict=True))


# Chromium's PDF writer gives the digits of Noto Sans CJK no Unicode (they extract as nothing), so a PDF page
# names Latin fonts first; Chinese falls through to the CJK font.  Arial's widths (Liberation Sans) are
# within what review/text_fit.py measures, so the text fits its boxes as on the PNG.
PDF_LATIN_FONTS = "Liberation Sans, Arial, Arimo, Helvetica, DejaVu Sans"


def pdf_spec(spec: Any) -> Any:
    """A copy of a figure spec whose font families start with ``PDF_LATIN_FONTS`` (the layout's font too)."""
    if isinstance(spec, dict):
        out = {k: (f"{PDF_LATIN_FONTS}, {v}" if k == "family" and isinstance(v, str)
                   and not v.startswith(PDF_LATIN_FONTS) else pdf_spec(v)) for k, v in spec.items()}
        layout = out.get("layout")
        if isinstance(layout, dict):
            font = dict(layout.get("font") or {})
            font.setdefault("family", f"{PDF_LATIN_FONTS}, sans-serif")
            layout["font"] = font
        return out
    if isinstance(spec, list):
        return [pdf_spec(v) for v in spec]
    return spec
