"""Real CRM exports from ../shared/crm-exports loaded through the Upload page in the system Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED_EXPORTS
from tests.e2e.conftest import Server, assert_no_app_errors, screenshot, wait_for_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not SHARED_EXPORTS.is_dir(), reason=f"real CRM exports not found at {SHARED_EXPORTS}"),
]

CASES = [
    # file, language, the success sentence, rows rejected shown in the report
    ("cn_pharmacy_sales/朝阳医院2018年销售数据.xlsx", "zh", "已导入 6,553 行订单", "24"),
    ("support_tickets_kaggle/customer_support_tickets.csv", "en", "8,469 Service tickets rows loaded", "0"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("real") / "ws.duckdb", demo=False)
    yield srv
    srv.stop()


@pytest.mark.parametrize(("relative", "lang", "loaded", "rejected"), CASES, ids=["pharmacy-xlsx", "tickets-csv"])
def test_real_export_loads_through_the_upload_page(server, page, relative, lang, loaded, rejected):
    path = SHARED_EXPORTS / relative
    page.goto(f"{server.url}/upload?lang={lang}")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.locator('[data-testid="stButton"] button', has_text="导入工作区" if lang == "zh" else "Load into the workspace") \
        .click(timeout=120_000)
    page.get_by_text(loaded, exact=False).wait_for(timeout=180_000)
    wait_for_app(page, timeout=120_000)
    metric = page.locator('[data-testid="stMetric"]', has_text="拒绝行数" if lang == "zh" else "Rows rejected")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == rejected
    assert_no_app_errors(page)
    screenshot(page, f"real-upload-{path.stem}-{lang}")
