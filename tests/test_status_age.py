"""The build's two review lists (issue 13): pages overdue for review (hooks/page_frame.py) and
pages whose regulatory "as of" month is more than 6 months older than their `reviewed` date
(hooks/status_age.py). Neither fails the build. Proven on a fixture site outside docs/."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import regulatory  # noqa: E402
import status_age  # noqa: E402

ROWS = [{"group": "g", "as_of": "2026-05"}, {"group": "g", "as_of": "2026-11"}, {"group": "h", "as_of": "2020-01"}]


def test_as_of_months_come_from_markers_and_text():
    md = ("| x | <!-- regulatory: cell g -->FDA ...<!-- /regulatory --> |\n"
          "As of March 2025, nothing. Status as of december 2026. The 'as of' rule; as of 2026.\n")
    assert status_age.as_of_months(md, ROWS) == ["2025-03", "2026-05", "2026-11", "2026-12"]
    assert status_age.as_of_months("No status here.", ROWS) == []


def test_only_months_more_than_six_before_the_review_date_are_stale():
    reviewed = dt.date(2026, 12, 1)
    assert status_age.stale(reviewed, ["2026-06", "2026-05", "2025-03", "2027-01"]) == [("2026-05", 7), ("2025-03", 21)]
    assert status_age.stale(reviewed, ["2026-06", "2026-12"]) == []      # exactly 6 months is not listed
    lines = status_age.stale_lines({"b.md": (reviewed, ["2026-05"]), "a.md": (reviewed, ["2026-12"]),
                                    "c.md": (dt.date(2021, 1, 15), ["2019-03", "2020-12"])})
    assert lines == ["b.md: reviewed 2026-12-01; as of May 2026 (7 months older)",
                     "c.md: reviewed 2021-01-15; as of March 2019 (22 months older)"]


def page(title: str, reviewed: str, body: str) -> str:
    return (f'---\ntitle: {title}\ndescription: "A fixture page for the build\'s review lists, '
            f'outside the real docs folder."\ntier: general\nreviewed: {reviewed}\n---\n\n# {title}\n\n{body}\n')


@pytest.fixture(scope="module")
def review_build(tmp_path_factory):
    """A fixture site framed by the real hooks: an old page (overdue, and a stale 'as of' in its
    text), a current page whose marker shows rows of the real table of record, and a page reviewed
    now that still says 'as of' seven months ago."""
    rows = regulatory.load()
    group = rows[0]["group"]
    as_of = max(r["as_of"] for r in regulatory.rows_of(rows, [group]))
    year, month = int(as_of[:4]), int(as_of[5:7])
    reviewed = dt.date(year, month, 1).isoformat()                       # no stale month in the marker
    seven = dt.date(year - (month <= 7), (month - 8) % 12 + 1, 1)          # seven months before it
    root = tmp_path_factory.mktemp("lists")
    docs = root / "docs"
    (docs / "assets/javascripts").mkdir(parents=True)
    (docs / "about").mkdir()
    (docs / "index.md").write_text(page("Old", "2020-01-15", "As of March 2019, a status."), encoding="utf-8")
    (docs / "current.md").write_text(page("Current", reviewed,
                                          f"<!-- regulatory: cell {group} -->text<!-- /regulatory -->"), encoding="utf-8")
    (docs / "stale.md").write_text(page("Stale", reviewed, f"As of {regulatory.month_name(seven.isoformat()[:7])}, "
                                                           "a status."), encoding="utf-8")
    for name in ("index", "disclaimer"):
        (docs / f"about/{name}.md").write_text(page(name.title(), reviewed, "Text."), encoding="utf-8")
    shutil.copy(ROOT / "docs/assets/javascripts/site.js", docs / "assets/javascripts/site.js")
    shutil.copytree(ROOT / "includes", root / "includes")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Fixture
        theme: {{name: material, language: en, font: false}}
        extra_javascript: [assets/javascripts/site.js]
        hooks: [{ROOT / 'hooks/page_frame.py'}, {ROOT / 'hooks/status_age.py'}]
        """), encoding="utf-8")
    env = dict(os.environ, BUILD_DATE="2026-12-01", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                           "-d", str(root / "site")], env=env, capture_output=True, text=True)
    return done, reviewed, seven


def test_the_build_lists_both_and_fails_on_neither(review_build):
    done, reviewed, seven = review_build
    assert done.returncode == 0, done.stderr[-3000:]
    log = done.stderr
    assert "Overdue for review (BUILD_DATE 2026-12-01): index.md: review due 2021-01-15" in log
    stale = [line for line in log.splitlines() if "Regulatory 'as of' more than 6 months" in line]
    assert [line.split("review date: ", 1)[1] for line in stale] == [
        "index.md: reviewed 2020-01-15; as of March 2019 (10 months older)",
        f"stale.md: reviewed {reviewed}; as of {regulatory.month_name(seven.isoformat()[:7])} (7 months older)"]


def test_the_real_site_lists_no_stale_status():
    """Every page reviewed in this round re-checked its statuses: none is listed (the real
    pages' markers and texts, read as the hook reads them)."""
    from mkdocs.utils.meta import get_data
    rows = regulatory.load()
    pages = {}
    for md in sorted((ROOT / "docs").rglob("*.md")):
        text, meta = get_data(md.read_text(encoding="utf-8"))
        pages[md.relative_to(ROOT / "docs").as_posix()] = (meta["reviewed"], status_age.as_of_months(text, rows))
    assert sum(len(m) for _, m in pages.values()) > 0, "no 'as of' found: the reader would prove nothing"
    assert status_age.stale_lines(pages) == []
