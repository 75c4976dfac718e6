"""All slides as ONE vector PDF printed by Chromium in one go (review/render.py ``Renderer.render_pdf``).

kaleido's own PDF export prints one page per figure: ``Page.printToPDF`` costs ~0.23 s a page, mostly
laying out the print and subsetting and embedding the fonts again for every page, and review/pdf_merge.py
then has to parse twelve copies of the CJK font.  Here the tabs draw every slide's SVG (plotly.js, the
same figures kaleido would print), one tab shows them one per page and Chromium prints the lot once: the
fonts are embedded once (a 12-slide deck: 0.4 s and 0.36 MB instead of 2.8 s and 1 MB).

The pages look as kaleido's did: the same print settings (0.1 in margins, the CSS page size of the slide),
so Chromium shrinks the slide to the page width the same way; each slide sits in a box one page high that
clips what would spill onto a next page, as kaleido's ``pageRanges: "1"`` did.
"""

from __future__ import annotations

import base64
from typing import Any

PRINT_MARGIN_IN = 0.1
_CSS_PX_PER_IN = 96

_SHOW_PAGES_JS = r"""async function(svgs, width, height, boxHeight) {
  document.getElementById('head-style').innerHTML =
    `@page { size: ${width}px ${height}px; } body { margin: 0; padding: 0; background-color: white; }
     .slide { width: ${width}px; height: ${boxHeight}px; overflow: hidden; }
     .slide:not(:last-child) { break-after: page; }
     .slide img { display: block; }`;
  document.body.innerHTML = '';
  const loads = svgs.map((svg) => {
    const box = document.createElement('div');
    box.className = 'slide';
    const img = new Image(width, height);
    img.src = 'data:image/svg+xml,' + encodeURIComponent(svg);
    box.appendChild(img);
    document.body.appendChild(box);
    return img.decode();
  });
  await Promise.all(loads);
  return svgs.length;
}"""

# kaleido's page script needs only its <img> and the <style> it writes: putting them back is enough for the tab
# to draw figures again (a reload would parse plotly.js again, ~1 s of a core).
_RESTORE_JS = r"""function() {
  document.getElementById('head-style').innerHTML = '';
  document.body.innerHTML = '<img id="kaleido-image" />';
  return true;
}"""


def page_box_height(width: float, height: float) -> int:
    """CSS pixels of a slide that fit one printed page: Chromium shrinks the content to the page's printable
    width (the margins cut 0.2 in), so a slide as tall as the page would spill a few pixels onto the next."""
    margins = 2 * PRINT_MARGIN_IN * _CSS_PX_PER_IN
    shrink = (width - margins) / width
    return int((height - margins) / shrink) - 2  # Chromium rounds its shrink factor: keep clear of the edge


async def print_document(k: Any, svgs: list[str], *, width: int, height: int) -> bytes:
    """One PDF, a page per SVG, printed by one of ``k``'s tabs (taken from kaleido's queue, so no figure is
    drawn in it meanwhile, and given kaleido's page back before it returns to the queue)."""
    from kaleido._kaleido_tab._devtools_utils import exec_js_fn
    from kaleido._kaleido_tab._errors import _raise_error

    ktab = await k.tabs_ready.get()
    try:
        _raise_error(await exec_js_fn(ktab.tab, ktab._current_js_id, _SHOW_PAGES_JS, svgs, width, height,  # noqa: SLF001
                                      page_box_height(width, height)))
        margins = {f"margin{side}": PRINT_MARGIN_IN for side in ("Top", "Bottom", "Left", "Right")}
        response = await ktab.tab.send_command("Page.printToPDF", params={
            "printBackground": True, "preferCSSPageSize": True, **margins})
        _raise_error(response)
        return base64.b64decode(response["result"]["data"])
    finally:
        try:
            _raise_error(await exec_js_fn(ktab.tab, ktab._current_js_id, _RESTORE_JS))  # noqa: SLF001
        except Exception:  # noqa: BLE001 - a tab in an unknown state is reloaded instead
            await ktab.reload()
        await k.tabs_ready.put(ktab)


__all__ = ["page_box_height", "print_document"]
