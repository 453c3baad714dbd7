"""In a real browser, the security officer's dashboard (保密工作看板): the charts render
(a canvas in every chart, no console error, no CSP violation), switching the range to 本季度
shows the quarter, a bar leads to the deadlines behind it and a number card to its list, and
the page fits a 1366 px screen and a 390 px phone without scrolling sideways."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from baomi.accounts.demo import PASSWORD
from baomi.seams.figures import Period, Range
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
DRAWN = "[data-chart][data-drawn] canvas"
# Where to click the first bar (a value > 0 with a link) of a bar chart: the chart's key, the
# category, the link and the middle of the bar (its layout in ECharts' model).
FIRST_BAR = """() => {
  const data = JSON.parse(document.getElementById('dashboard-data').textContent);
  for (const spec of data.charts) {
    if (spec.kind !== 'bar') continue;
    const box = document.querySelector(`[data-chart="${CSS.escape(spec.key)}"]`);
    if (!box) continue;
    box.scrollIntoView({block: 'center', behavior: 'instant'});
    const chart = echarts.getInstanceByDom(box);
    for (let s = 0; s < spec.series.length; s++) {
      for (let i = 0; i < spec.categories.length; i++) {
        const value = Number(spec.series[s].values[i]), url = spec.series[s].urls[i];
        if (value > 0 && url) {
          const bar = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);
          const r = box.getBoundingClientRect();
          const x = r.left + bar.x + bar.width / 2, y = r.top + bar.y + bar.height / 2;
          return {key: spec.key, url, x, y};
        }
      }
    }
  }
  return null;
}"""


def _open(page: Page, path: str) -> None:
    assert page.go(path).status == 200
    charts = page.tab.locator("[data-chart]").count()
    assert charts, "no chart on the dashboard"
    page.tab.locator(DRAWN).nth(charts - 1).wait_for()
    assert page.tab.locator(DRAWN).count() == charts


def test_the_security_officer_reads_the_dashboard(browser, site) -> None:
    page = Page(browser, site)
    tab = page.tab
    try:
        page.login("secofficer", PASSWORD)
        assert tab.locator("[data-nav='cockpit']").count() == 1
        tab.click("[data-nav='cockpit']")
        tab.wait_for_load_state()
        assert urlsplit(tab.url).path == "/cockpit/"
        _open(page, "/cockpit/")
        today = timezone.localdate()
        month = Period.of(Range.MONTH, today)
        assert tab.inner_text("[data-period]").startswith(month.start.isoformat())

        # 本季度: the quarter's period, the charts drawn again.
        tab.click("[data-range='quarter']")
        tab.wait_for_load_state()
        assert urlsplit(tab.url).query == "range=quarter"
        quarter = Period.of(Range.QUARTER, today)
        assert tab.inner_text("[data-period]") == (
            f"{quarter.start.isoformat()} – {quarter.end.isoformat()}"
        )
        assert tab.get_attribute("[data-range='quarter']", "aria-current") == "page"
        charts = tab.locator("[data-chart]").count()
        tab.locator(DRAWN).nth(charts - 1).wait_for()

        # A bar leads to the deadlines behind it (its state and department or rule).
        bar = tab.evaluate(FIRST_BAR)
        assert bar, "no bar with a link on the demo's dashboard"
        with tab.expect_navigation():
            tab.mouse.click(bar["x"], bar["y"])
        assert urlsplit(tab.url).path + "?" + urlsplit(tab.url).query == bar["url"]
        assert tab.locator("h1").count() == 1

        # A number leads to its list.
        _open(page, "/cockpit/")
        card = tab.locator("a[data-figure]").first
        href = card.get_attribute("href")
        with tab.expect_navigation() as answered:
            card.click()
        assert answered.value.status == 200
        assert urlsplit(tab.url).path == urlsplit(href).path

        # It fits a laptop and a phone, every range.
        for width, height in ((1366, 768), (390, 844)):
            tab.set_viewport_size({"width": width, "height": height})
            for kind in Range:
                _open(page, f"/cockpit/?range={kind.value}")
                assert tab.evaluate(FITS), (width, kind)
    finally:
        page.context.close()
    assert not page.errors, page.errors
