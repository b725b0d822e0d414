#!/usr/bin/env python3
"""Fetch pinned third-party browser code from the npm registry, checked against its integrity hash.

Material's offline plugin would load the iframe-worker shim from a CDN at run time; a local copy
listed in `extra.polyfills` keeps the site free of third-party requests and lets search work from
file://. No Node.js is needed: the tarball is downloaded with Python and verified against the
sha512 integrity pinned here, which must also be what the registry publishes for that version.

The registry address is npm's own setting: $NPM_REGISTRY, $npm_config_registry, a `registry=`
line in ~/.npmrc, or `npm config get registry` when npm is installed.
Already-fetched files whose hash matches are kept, so builds need no network afterwards.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = [
    {
        "package": "iframe-worker",
        "version": "1.0.4",
        "integrity": "sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q==",
        # member of the tarball -> file in the repository (git-ignored)
        "files": {
            "package/shim/index.js": "docs/assets/vendor/iframe-worker/shim.js",
            "package/LICENSE": "docs/assets/vendor/iframe-worker/LICENSE.txt",
        },
    },
]
STAMP = ".integrity"


def registry() -> str:
    for var in ("NPM_REGISTRY", "npm_config_registry"):
        if os.environ.get(var):
            return os.environ[var].rstrip("/")
    npmrc = Path.home() / ".npmrc"
    if npmrc.is_file():
        for line in npmrc.read_text().splitlines():
            if line.strip().startswith("registry="):
                return line.split("=", 1)[1].strip().rstrip("/")
    if shutil.which("npm"):
        out = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip().startswith("http"):
            return out.stdout.strip().rstrip("/")
    sys.exit("fetch_vendor: set NPM_REGISTRY to the address of the npm registry (no npm found to ask)")


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def up_to_date(pin: dict) -> bool:
    stamp = ROOT / Path(next(iter(pin["files"].values()))).parent / STAMP
    return stamp.is_file() and stamp.read_text().strip() == pin["integrity"] and all(
        (ROOT / dest).is_file() for dest in pin["files"].values())


def install(pin: dict) -> None:
    name, version = pin["package"], pin["version"]
    meta = json.loads(fetch(f"{registry()}/{name}/{version}"))
    published = meta["dist"]["integrity"]
    if published != pin["integrity"]:
        sys.exit(f"fetch_vendor: {name}@{version}: registry publishes {published}, pinned {pin['integrity']}")
    tarball = fetch(meta["dist"]["tarball"])
    if sri(tarball) != pin["integrity"]:
        sys.exit(f"fetch_vendor: {name}@{version}: downloaded tarball does not match its integrity hash")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for member, dest in pin["files"].items():
            target = ROOT / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
    (ROOT / Path(next(iter(pin["files"].values()))).parent / STAMP).write_text(pin["integrity"] + "\n")
    print(f"fetch_vendor: {name}@{version} verified ({pin['integrity'][:20]}…)")


def main() -> None:
    for pin in PINS:
        if not up_to_date(pin):
            install(pin)


if __name__ == "__main__":
    main()
