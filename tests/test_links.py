"""Every internal link and #anchor of the built site resolves, and the checks can fail."""
from pathlib import Path

from conftest import ROOT, build_site
from support import broken_links, content_pages


def test_site_has_pages(site_dir):
    pages = content_pages(site_dir)
    assert "index.html" in pages and len(pages) >= 20


def test_every_internal_link_and_anchor_resolves(site_dir):
    assert broken_links(site_dir) == []


def test_checker_reports_broken_file_and_anchor(tmp_path: Path):
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Top</h1><a href="other.html#nowhere">x</a><a href="gone.html">y</a>'
        '<a href="#top">ok</a><a href="https://example.org/">external</a>'
        '<a href="other.html#glucose=5.4&amp;insulin=10">calculator values</a>')
    (tmp_path / "other.html").write_text('<h2 id="here">Here</h2>')
    assert broken_links(tmp_path) == [
        "index.html: other.html#nowhere -> missing anchor #nowhere",
        "index.html: gone.html -> missing file",
    ]


def test_strict_build_fails_on_a_broken_link(tmp_path: Path):
    """MkDocs' validation settings make a broken anchor a warning, and --strict fails on it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[Nowhere](other.md#no-such-heading)\n")
    (docs / "other.md").write_text("# Other\n\n## Present {#present}\n")
    config = tmp_path / "mkdocs.yml"
    validation = (ROOT / "mkdocs.yml").read_text().split("validation:")[1].split("\n\n")[0]
    config.write_text(f"site_name: Fixture\ndocs_dir: {docs}\nmarkdown_extensions: [attr_list, toc]\n"
                      f"validation:{validation}\n")
    result = build_site(tmp_path / "out", config)
    assert result.returncode != 0
    assert "no-such-heading" in result.stderr
