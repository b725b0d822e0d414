"""The site's languages: pure helpers the language-aware hooks and the tests share (not a hook).

English is the default and lives at the site root; each other language lives under its own
folder with the same relative paths (docs/es/fundamentals/index.md is the Spanish twin of
docs/fundamentals/index.md). A page without a twin is never copied or machine-translated: links
to it go to the English page and say so (decisions.md, "Spanish").
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

DEFAULT = "en"
LANGUAGES = ("en", "es")          # the first is the default, at the site root
ROOT = Path(__file__).resolve().parent.parent


def page_lang(src_uri: str) -> str:
    """The language of a page, from its path in docs/ ("es/x.md" -> "es", "x.md" -> "en")."""
    head = src_uri.split("/", 1)[0]
    return head if head in LANGUAGES[1:] and "/" in src_uri else DEFAULT


def english_path(src_uri: str) -> str:
    """The path of a page's English twin ("es/x.md" -> "x.md"; an English path is itself)."""
    lang = page_lang(src_uri)
    return src_uri if lang == DEFAULT else src_uri[len(lang) + 1:]


def twin_path(src_uri: str, lang: str) -> str:
    """Where the page's twin in `lang` would be (it may not exist)."""
    english = english_path(src_uri)
    return english if lang == DEFAULT else f"{lang}/{english}"


def localized(target: str, lang: str, pages: set[str]) -> str:
    """The page a `lang` page should link to for the English page `target`: its twin in `lang`
    when there is one, else the English page itself."""
    english = english_path(target)
    twin = twin_path(english, lang)
    return twin if twin in pages else english


def load_strings(lang: str, root: Path = ROOT) -> dict:
    """data/strings.<lang>.yml: every word the hooks and scripts show in that language."""
    return yaml.safe_load((root / f"data/strings.{lang}.yml").read_text(encoding="utf-8"))


def key_paths(data, prefix: str = "") -> set[str]:
    """Every key path of a nested table ("frame.months", "form.fields.glucose.label"); lists
    count by position, so two tables with the same paths have the same shape."""
    out = set()
    if isinstance(data, dict):
        for key, value in data.items():
            out |= {f"{prefix}{key}"} | key_paths(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out |= {f"{prefix}{i}"} | key_paths(value, f"{prefix}{i}.")
    return out


THIN_SPACE = "\u2009"


def spanish_number(text: str) -> str:
    """A number written the English way ("2,459", "5.7", "12,345.6") the Spanish way: decimal
    comma; no thousands mark for four digits, a thin space from five ("2459", "5,7",
    "12 345,6")."""
    whole, _, decimals = text.replace(",", "").partition(".")
    if len(whole) > 4:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = THIN_SPACE.join(groups)
    return whole + ("," + decimals if decimals else "")


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
