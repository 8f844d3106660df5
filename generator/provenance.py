"""Where the running generator came from, so a new site installs exactly this version.

`factcheck init` writes a requirements.txt that the site's Pages workflow installs. It names the version
that created the site, from a source that exists for that site:

- installed from a git URL (`pip install git+https://...@TAG`): that URL at the exact commit;
- installed from a package index: `factcheck-generator==VERSION` from that index;
- installed from a local folder or checkout (no address anyone else can reach): a wheel of the running
  generator, written into the site's `vendor/` folder to be committed with it.

Its dependencies follow, pinned to the versions installed now, so CI builds with what the desk tried.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

DIST = "factcheck-generator"
VENDOR = "vendor"
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Install:
    """How a new site installs the generator."""

    requirement: str
    """The requirements.txt line for the generator itself."""
    source: str
    """Where it comes from, in words, for the comment in requirements.txt."""
    files: dict[str, bytes]
    """Files to write into the site (a vendored wheel), by path relative to the site."""


def this_install(override: str | None = None) -> Install:
    """How to install the running generator (or `override`, a requirement the desk chose)."""
    if override:
        return Install(override, "the source given to 'factcheck init --install-from'", {})
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        dist = None
    direct = json.loads(dist.read_text("direct_url.json") or "null") if dist else None
    if dist and direct is None:
        return Install(f"{DIST}=={dist.version}", "the package index it was installed from", {})
    if dist and isinstance(direct, dict) and "vcs_info" in direct and direct["url"].startswith(("https://", "ssh://")):
        vcs = direct["vcs_info"]
        url = f"{DIST} @ {vcs.get('vcs', 'git')}+{direct['url']}@{vcs['commit_id']}"
        return Install(url, "the git repository it was installed from, at the exact commit", {})
    name, wheel = build_wheel(dist)
    return Install(f"./{VENDOR}/{name}", f"a wheel of itself in {VENDOR}/ (commit it with the site)", {f"{VENDOR}/{name}": wheel})


def requirements_text(install: Install) -> str:
    """requirements.txt: the generator, then its dependencies pinned to the versions installed now."""
    lines = ["# What the Pages workflow installs to build this site (pip install -r requirements.txt):",
             f"# the fact-check generator version that created it, from {install.source};",
             "# then its dependencies, pinned to the versions it ran with. To upgrade, install the new",
             "# version and run 'factcheck init' in an empty folder to get its requirements.txt.",
             install.requirement]
    return "\n".join(lines + pinned_dependencies()) + "\n"


def pinned_dependencies() -> list[str]:
    """`name==version` for every installed dependency of the generator, recursively, sorted."""
    env: dict[str, str] = {key: str(value) for key, value in default_environment().items()} | {"extra": ""}
    seen: dict[str, str] = {}
    todo = [DIST]
    while todo:
        try:
            dist = metadata.distribution(todo.pop())
        except metadata.PackageNotFoundError:
            continue
        for text in dist.requires or []:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue
            if req.marker and not req.marker.evaluate(env):
                continue
            name = canonicalize_name(req.name)
            if name not in seen and name != DIST:
                try:
                    seen[name] = metadata.version(req.name)
                except metadata.PackageNotFoundError:
                    continue
                todo.append(req.name)
    return [f"{name}=={version}" for name, version in sorted(seen.items())]


def build_wheel(dist: metadata.Distribution | None) -> tuple[str, bytes]:
    """A wheel of the running generator package (its code, templates and data), reproducible byte for byte."""
    import generator
    from generator.render import default_templates_dir

    version = dist.version if dist else "0+unknown"
    package = Path(generator.__file__).resolve().parent
    files = {f"generator/{p.relative_to(package).as_posix()}": p.read_bytes() for p in sorted(package.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    templates = default_templates_dir()
    if not (package / "templates").is_dir():
        files |= {f"generator/templates/{p.relative_to(templates).as_posix()}": p.read_bytes()
                  for p in sorted(templates.rglob("*")) if p.is_file()}
    info = f"factcheck_generator-{version}.dist-info"
    meta = (dist.read_text("METADATA") if dist else None) or f"Metadata-Version: 2.1\nName: {DIST}\nVersion: {version}\n"
    entry = (dist.read_text("entry_points.txt") if dist else None) or ""
    files[f"{info}/METADATA"] = meta.encode("utf-8")
    files[f"{info}/entry_points.txt"] = entry.encode("utf-8")
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: factcheck init\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            item = zipfile.ZipInfo(path, _EPOCH)
            item.external_attr = 0o644 << 16
            archive.writestr(item, data, zipfile.ZIP_DEFLATED)
    return f"factcheck_generator-{version}-py3-none-any.whl", buffer.getvalue()


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
