"""Describe every page to machines: schema.org MedicalWebPage JSON-LD from its front matter.

Two events: `on_page_markdown` notes which works the page cites (`[@key]`), `on_post_page` writes
one `<script type="application/ld+json">` into the head (a data block: browsers never run it, so
the Content-Security-Policy needs no hash for it). No `reviewedBy`: no clinician has reviewed
these pages (about/index.md), and the data must not say otherwise.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from pybtex.database import parse_file
from pybtex.richtext import Text

from i18n import LANGUAGES, load_strings, page_lang

CITE = re.compile(r"\[@([A-Za-z0-9-]+)\]")
# decisions.md: who each tier is written for.
AUDIENCE = {"fundamentals": ["Patient"], "intermediate": ["Patient", "Clinician"],
            "academic": ["Clinician"], "general": ["Patient"]}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

_works: dict[str, dict] = {}
_cited: dict[str, list[str]] = {}
_conditions: dict[str, str] = {}  # lang -> the condition's name in that language


def work(entry) -> dict:
    """One cited work as a schema.org CreativeWork (name, date, and DOI or web address)."""
    fields = entry.fields
    out = {"@type": "ScholarlyArticle" if entry.type == "article" else "CreativeWork",
           "name": Text.from_latex(fields.get("title", "")).render_as("text")}
    if "year" in fields:
        out["datePublished"] = fields["year"]
    if "doi" in fields:
        out["url"] = "https://doi.org/" + fields["doi"]
    elif "url" in fields:
        out["url"] = fields["url"]
    return out


def describe(meta: dict, lang: str, keys: list[str], works: dict, url: str = "",
             condition: str = "Insulin resistance") -> dict:
    data = {"@context": "https://schema.org", "@type": "MedicalWebPage",
            "name": meta["title"], "description": meta["description"],
            "lastReviewed": meta["reviewed"].isoformat(), "inLanguage": lang,
            "medicalAudience": [{"@type": "MedicalAudience", "audienceType": a}
                                for a in AUDIENCE[meta.get("tier", "general")]],
            "about": {"@type": "MedicalCondition", "name": condition},
            "license": LICENSE, "isAccessibleForFree": True}
    if url:
        data["url"] = url
    cited = [works[k] for k in dict.fromkeys(keys) if k in works]
    if cited:
        data["citation"] = cited
    return data


def script_tag(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def on_config(config):
    _conditions.clear()
    _conditions.update({lang: load_strings(lang, Path(config.config_file_path).parent)["language"]["condition"]
                        for lang in LANGUAGES})
    bib = parse_file(str(Path(config.config_file_path).parent / "references.bib"))
    _works.clear()
    _works.update({key: work(entry) for key, entry in bib.entries.items()})
    _cited.clear()


@event_priority(100)  # before mkdocs-bibtex turns [@key] into footnotes
def on_page_markdown(markdown, page, **kwargs):
    _cited[page.file.src_uri] = CITE.findall(markdown)
    return markdown


def on_post_page(output, page, config, **kwargs):
    site_url = config.get("site_url") or ""
    url = site_url.rstrip("/") + "/" + page.url if site_url else ""
    # The page's own language (a Spanish page is inLanguage "es"); cited works keep theirs.
    lang = page_lang(page.file.src_uri)
    data = describe(page.meta, lang, _cited.get(page.file.src_uri, []), _works, url, _conditions.get(lang, "Insulin resistance"))
    return output.replace("</head>", script_tag(data) + "</head>", 1)
