"""Slide figures -> PNG (and vector PDF) bytes, the whole deck in one headless Chromium session (kaleido 1.x).

``Renderer`` starts ONE browser (kaleido.Kaleido, an async context over choreographer) in a private thread
and hands it figures through kaleido's batch entry point ``write_fig_from_object``.  It has two tabs where
the machine has two cores: each tab is its own renderer process, so two slides are drawn at once (drawing
a 1920x1080 slide is ~40 ms of plotly.js building the SVG, ~10 ms loading it, ~25 ms rasterising and
encoding the PNG, all on the tab's one thread).  Starting the browser costs more than drawing a deck (about
0.5 s for Chromium plus ~1 s of one core per tab to load the 4.6 MB plotly.js), so a caller that knows it
will draw creates the ``Renderer`` first and computes the slides meanwhile (review/deck.py does); the
first tab draws as soon as it is ready and the second joins when it has loaded plotly.js.  With ``warm``
each tab draws a small slide-like figure while starting, so the first real slide does not pay for
compiling plotly.js's drawing code and loading the CJK font.  ``render_figures``/``render_pngs`` without a
``renderer`` start one for the call and close it after.  Plain ``fig.to_image`` in kaleido 1.x starts and
stops a fresh Chromium for every call (``calc_fig_sync`` -> a one-shot ``Kaleido``), which costs ~1.5 s
per image; see benchmarks/bench_review.py.

The browser is the system one: ``find_browser()`` looks at the env var ``CRM_OKR_CHROME`` (an explicit
path; when set, nothing else is tried), then ``chromium``, ``chromium-browser``, ``google-chrome`` on
PATH, the usual install locations (/usr/bin/chromium, macOS .app bundles), then choreographer's own
lookup (which honours ``BROWSER_PATH`` and a previously downloaded copy).  The path is passed to
``kaleido.Kaleido(path=...)``; choreographer already starts it with ``--headless --no-sandbox
--disable-gpu --disable-dev-shm-usage`` (no sandbox is what lets it run as root in containers).
Nothing is ever downloaded.  MathJax is disabled (slides use no LaTeX; the default would fetch it
from a CDN), plotly.js comes from the installed plotly package, so rendering works offline.

kaleido is async: its loop runs in the Renderer's own thread, so rendering can be called from Streamlit's
script thread or from code that already runs an event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Future
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


def default_tabs() -> int:
    """Two tabs (two renderer processes, so two cores drawing) where there are two cores; one on a single core,
    where a second tab would only cost memory."""
    return max(1, min(2, os.cpu_count() or 1))


def _warm_figure() -> dict[str, Any]:
    """A small slide-like figure (Latin and Chinese text in the slide font, bold and regular, shapes, a bar, a
    line and a pie) drawn once per tab while the browser starts: the first real slide then finds plotly.js
    compiled and the CJK font loaded instead of paying for both."""
    from charts.theme import FONT_FAMILY

    notes = [{"text": text, "x": 0.1, "y": y, "xref": "paper", "yref": "paper", "showarrow": False,
              "font": {"size": 30, "family": FONT_FAMILY}} for text, y in
             (("<b>Quarterly review 季度复盘</b>", 0.95), ("Scorecard 1,234.5 (+12%) 目标完成情况", 0.85))]
    return {
        "data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "xaxis": "x", "yaxis": "y"},
                 {"type": "scatter", "mode": "lines+markers", "x": [1, 2, 3], "y": [3, 1, 2], "xaxis": "x2",
                  "yaxis": "y2"},
                 {"type": "pie", "labels": ["官网", "Email"], "values": [2, 1], "domain": {"x": [0.7, 0.9]}}],
        "layout": {"font": {"family": FONT_FAMILY}, "annotations": notes, "showlegend": False,
                   "xaxis": {"domain": [0, 0.3]}, "xaxis2": {"domain": [0.35, 0.65], "anchor": "y2"},
                   "yaxis2": {"anchor": "x2"},
                   "shapes": [{"type": "rect", "xref": "paper", "yref": "paper", "x0": 0, "x1": 1, "y0": 0,
                               "y1": 0.05, "fillcolor": "#f3f4f6", "line": {"width": 0}}]},
    }


class Renderer:
    """One headless Chromium with ``tabs`` tabs, started at once in a private thread and kept for any number of
    ``render`` calls until ``close`` (or the end of a ``with`` block).

    Creating it returns at once: the browser starts (and, with ``warm``, draws a small figure in every tab)
    while the caller goes on, e.g. computing the deck's numbers; ``render`` waits for the start if it is not
    done.  A browser that cannot start raises ``RenderUnavailable`` from ``render``, not from here.  Each tab
    is its own renderer process, so two tabs draw two slides at once on two cores."""

    def __init__(self, *, tabs: int | None = None, warm: bool = True, timeout: float = 60) -> None:
        self.tabs = max(1, int(tabs)) if tabs else default_tabs()
        self._warm, self._timeout = warm, timeout
        self._browser = find_browser()
        self._kaleido: Any = None
        self._joining: list[asyncio.Future] = []
        self._holds_slot = False
        self._closed = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="review-render", daemon=True)
        self._thread.start()
        _quiet_logs()
        self._opening = self._call(self._schedule_open())

    def _call(self, coro) -> Any:
        """Run ``coro`` on the browser's loop and wait for its result here."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    async def _schedule_open(self) -> asyncio.Task:
        return asyncio.ensure_future(self._open())

    async def _open(self) -> Any:
        if self._browser is None:
            raise RenderUnavailable()
        while not _BROWSERS.acquire(blocking=False):  # polled: a cancelled start must not take a slot later
            await asyncio.sleep(0.05)
        self._holds_slot = True
        from choreographer.errors import ChromeNotFoundError

        cls = _kaleido_class()
        # The first tab draws as soon as it has loaded plotly.js (~1 s of one core); the others load it on the
        # other core meanwhile and join the queue when ready (kaleido's own start waits for all of them).
        later = self.tabs - 1 if callable(getattr(cls, "_create_kaleido_tab", None)) else 0
        try:
            k = cls(path=self._browser, n=self.tabs - later, timeout=self._timeout, mathjax=False)
        except (ChromeNotFoundError, RuntimeError, OSError) as exc:
            self._release_slot()
            raise RenderUnavailable() from exc
        try:
            await asyncio.wait_for(k.open(), START_TIMEOUT)
        except BaseException as exc:  # BrowserFailedError, ChannelClosedError, OSError, timeout, cancelled
            await _abandon(k)
            self._release_slot()
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise RenderUnavailable() from exc
        self._kaleido = k
        self._joining = [asyncio.ensure_future(k._create_kaleido_tab()) for _ in range(later)]  # noqa: SLF001
        if self._warm:
            with contextlib.suppress(Exception):  # best effort: a real failure shows in the real render
                await asyncio.gather(*self._joining)
                await self._jobs(k, [[_warm_figure()] * self.tabs], [{"format": "png", "width": 1920,
                                                                       "height": 1080, "scale": 1}])
        return k

    def _release_slot(self) -> None:
        if self._holds_slot:
            self._holds_slot = False
            _BROWSERS.release()

    @staticmethod
    async def _jobs(k, specs: list[list[dict[str, Any]]], opts: list[dict[str, Any]]) -> list[list[bytes]]:
        """``specs[i]`` drawn with ``opts[i]`` (one format each), the bytes in the same shape.  kaleido queues
        the jobs in order and every free tab takes the next one; the paths keep the order of the results."""
        with tempfile.TemporaryDirectory(prefix="crm-okr-slides-") as tmp:
            paths = [[Path(tmp) / f"{n}-slide-{i:03d}.{o['format']}" for i in range(len(group))]
                     for n, (o, group) in enumerate(zip(opts, specs, strict=True))]
            jobs = [{"fig": spec, "path": path, "opts": o}
                    for o, group, format_paths in zip(opts, specs, paths, strict=True)
                    for spec, path in zip(group, format_paths, strict=True)]
            await k.write_fig_from_object(jobs, cancel_on_error=True)
            return [[path.read_bytes() for path in format_paths] for format_paths in paths]

    async def _draw(self, wanted: list[str], specs: list[list[dict[str, Any]]],
                    opts: list[dict[str, Any]]) -> dict[str, list[bytes]]:
        k = await self._opening
        return dict(zip(wanted, await _stopped_is_unavailable(self._jobs(k, specs, opts)), strict=True))

    async def _draw_pdf(self, specs: list[dict[str, Any]], width: int, height: int) -> bytes:
        from review.pdf_document import print_document

        k = await self._opening
        svg = {"format": "svg", "width": width, "height": height, "scale": 1}
        (svgs,) = await _stopped_is_unavailable(self._jobs(k, [specs], [svg]))
        return await _stopped_is_unavailable(print_document(k, [s.decode("utf-8") for s in svgs], width=width,
                                                            height=height))

    def render_pdf(self, figures: Sequence[go.Figure | dict[str, Any]], *, width: int = 1920,
                   height: int = 1080) -> bytes:
        """The figures as ONE vector PDF, a page each, printed at once (review/pdf_document.py): the same
        pages as ``render(formats=("pdf",))`` gives one by one, in a fraction of the time.  No figures: b""."""
        if not figures:
            return b""
        if self._closed:
            raise RuntimeError("this Renderer is closed")
        specs = [pdf_spec(fig.to_dict() if isinstance(fig, go.Figure) else dict(fig)) for fig in figures]
        return asyncio.run_coroutine_threadsafe(self._draw_pdf(specs, width, height), self._loop).result()

    def ready(self) -> Renderer:
        """Wait until the browser has started (and drawn its warm-up figure); raises ``RenderUnavailable``."""
        self._call(self._started())
        return self

    async def _started(self) -> None:
        await self._opening

    def submit(self, figures: Sequence[go.Figure | dict[str, Any]], *, formats: Sequence[str] = ("png",),
               width: int = 1920, height: int = 1080, scale: float = 1) -> Future:
        """Start drawing and return at once: a ``concurrent.futures.Future`` of what ``render`` returns, so
        the caller can build what needs no browser (the PPTX) while the slides are drawn."""
        wanted = _check_formats(formats)
        if not figures or not wanted:
            done: Future = Future()
            done.set_result({f: [] for f in wanted})
            return done
        if self._closed:
            raise RuntimeError("this Renderer is closed")
        specs = [fig.to_dict() if isinstance(fig, go.Figure) else dict(fig) for fig in figures]
        groups = [[pdf_spec(s) for s in specs] if f == "pdf" else specs for f in wanted]
        opts = [{"format": f, "width": width, "height": height, "scale": scale if f == "png" else 1}
                for f in wanted]
        return asyncio.run_coroutine_threadsafe(self._draw(wanted, groups, opts), self._loop)

    def render(self, figures: Sequence[go.Figure | dict[str, Any]], *, formats: Sequence[str] = ("png",),
               width: int = 1920, height: int = 1080, scale: float = 1) -> dict[str, list[bytes]]:
        """``{format: [bytes per figure]}`` (see ``render_figures``), drawn by this browser."""
        return self.submit(figures, formats=formats, width=width, height=height, scale=scale).result()

    async def _shutdown(self) -> None:
        task = self._opening
        if not task.done():
            task.cancel()
        await asyncio.wait([task])
        if not task.cancelled():
            task.exception()  # retrieved: a start that failed was reported by render, or nobody asked
        for joining in self._joining:  # a tab still loading is not waited for
            joining.cancel()
        if self._joining:
            await asyncio.wait(self._joining)
        k, self._kaleido = self._kaleido, None
        if k is not None:
            try:
                await asyncio.wait_for(k.close(), CLOSE_TIMEOUT)
            except Exception:  # noqa: BLE001 - closing a browser that already died or hangs
                _kill(k)
        self._release_slot()

    def close(self) -> None:
        """Stop the browser (also one still starting) and its thread; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            self._call(self._shutdown())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(CLOSE_TIMEOUT)
            if not self._thread.is_alive():
                self._loop.close()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _stopped_is_unavailable(coro) -> Any:
    """``await coro``, a browser that died or hung while drawing reported as ``RenderUnavailable``."""
    try:
        return await coro
    except RenderUnavailable:
        raise
    except TimeoutError as exc:
        raise RenderUnavailable(BROWSER_STOPPED, key="review.error.browser_stopped") from exc
    except Exception as exc:
        if _browser_gone(exc):
            raise RenderUnavailable(BROWSER_STOPPED, key="review.error.browser_stopped") from exc
        raise


async def _abandon(k) -> None:
    """A browser that did not come up is not asked politely: kill it, then let kaleido clean its files."""
    _kill(k)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(k.close(), 3.0)


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


def render_pngs(
    figures: Sequence[go.Figure | dict[str, Any]],
    *,
    width: int = 1920,
    height: int = 1080,
    scale: float = 1,
    tabs: int | None = None,
    timeout: float = 60,
    renderer: Renderer | None = None,
) -> list[bytes]:
    """PNG bytes for every figure, in order, drawn by one Chromium session.

    ``width``/``height`` are the layout size in CSS pixels and ``scale`` multiplies the image size
    (scale=2 gives 3840x2160 PNGs of the same slide).  ``tabs`` renders that many figures in parallel
    tabs of the same browser (default: ``default_tabs()``).  ``timeout`` is per figure.  ``renderer``, a
    started ``Renderer``, is used instead of starting a browser.  Raises ``RenderUnavailable`` when no
    Chrome/Chromium is found or it cannot start or dies while drawing."""
    return render_figures(figures, formats=("png",), width=width, height=height, scale=scale, tabs=tabs,
                          timeout=timeout, renderer=renderer)["png"]


RENDER_FORMATS = ("png", "pdf")
_COST_S = {"png": 0.1, "pdf": 0.3}  # rough seconds of one core per figure, to decide on a second tab


def tabs_for(figures: int, formats: Sequence[str]) -> int:
    """Tabs for a browser started to draw ``figures`` figures in ``formats`` and closed after (see below)."""
    return default_tabs() if figures * sum(_COST_S.get(f, 0.3) for f in formats) > 6.0 else 1


def _check_formats(formats: Sequence[str]) -> list[str]:
    unknown = [f for f in formats if f not in RENDER_FORMATS]
    if unknown:
        raise ValueError(f"unknown render format(s) {unknown}; choose from {', '.join(RENDER_FORMATS)}")
    return list(dict.fromkeys(formats))


def render_figures(
    figures: Sequence[go.Figure | dict[str, Any]],
    *,
    formats: Sequence[str] = ("png", "pdf"),
    width: int = 1920,
    height: int = 1080,
    scale: float = 1,
    tabs: int | None = None,
    timeout: float = 60,
    renderer: Renderer | None = None,
) -> dict[str, list[bytes]]:
    """``{format: [bytes per figure]}`` for ``formats`` (png, pdf), every figure drawn in ONE Chromium
    session (see ``render_pngs`` for the arguments).  A PDF is one vector page of ``width`` x ``height``
    CSS pixels (1920 x 1080 px = 1440 x 810 pt) whose text is real text in embedded fonts (Chromium
    prints the figure's SVG), so it can be selected and searched; ``scale`` applies to PNGs only."""
    wanted = _check_formats(formats)
    if not figures or not wanted:
        return {f: [] for f in wanted}
    if renderer is not None:
        return renderer.render(figures, formats=wanted, width=width, height=height, scale=scale)
    if find_browser() is None:
        raise RenderUnavailable()
    # Started here and used at once, so no warm-up figure: it would only add to the wait.  A second tab costs
    # ~1 s of a core to load plotly.js and slows the first tab's start: measured on the 12-slide bench deck a
    # cold two-tab browser was 0.75-0.85x the speed of one tab, so only much more drawing than that gets two
    # (a PNG slide is ~0.1 s, a PDF page ~0.3 s); a caller that draws often keeps a started Renderer instead.
    tabs = tabs or tabs_for(len(figures), wanted)
    with Renderer(tabs=tabs, warm=False, timeout=timeout) as session:
        return session.render(figures, formats=wanted, width=width, height=height, scale=scale)


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
