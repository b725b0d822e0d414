"""make bench --all: each page's Lighthouse bar (decisions.md, December 2026 "Speed")."""
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


def test_bars_per_kind_of_page():
    assert [bench.performance_bar(p) for p in ("index.html", "fundamentals/lab-results.html",
                                               "tools/homa-ir.html", "intermediate/metformin.html",
                                               "glossary.html", "references.html")] == [95, 95, 95, 90, 80, 80]
    # The Spanish twins: the same bars.
    assert [bench.performance_bar(p) for p in ("es/index.html", "es/tools/homa-ir.html", "es/glossary.html",
                                               "es/fundamentals/lifestyle.html")] == [95, 95, 80, 90]


def test_verdict_names_the_categories_below_their_bar():
    full = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    assert bench.verdict("index.html", full) == "ok"
    assert bench.verdict("index.html", dict(full, performance=94)) == "below: performance"
    assert bench.verdict("glossary.html", dict(full, performance=81, seo=None)) == "below: seo"
