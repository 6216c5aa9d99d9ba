"""Vendor the web app's front-end packages from the npm registry (see
src/dateline/web/vendor.json): `npm pack` each pinned version, check the tarball's sha512
integrity, copy the listed files into src/dateline/web/static/vendor/<name>/.

Usage: python tools/vendor_web.py [--force]
Exit 1 with the package named when npm fails or an integrity does not match; files already
vendored at the pinned version are kept (a VERSION file records it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "src" / "dateline" / "web"
VENDOR = WEB / "static" / "vendor"


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _vendor(name: str, spec: dict, workdir: Path) -> None:
    target = VENDOR / name
    stamp = target / "VERSION"
    if stamp.exists() and stamp.read_text().strip() == spec["version"]:
        return
    out = subprocess.run(
        ["npm", "pack", f"{name}@{spec['version']}", "--pack-destination", str(workdir),
         "--json", "--silent"],
        capture_output=True, text=True, check=False, timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"vendor_web: npm pack {name}@{spec['version']} failed: "
                         f"{out.stderr.strip()[:500]}")
    tarball = workdir / json.loads(out.stdout)[0]["filename"]
    if _integrity(tarball) != spec["integrity"]:
        raise SystemExit(f"vendor_web: {tarball.name}: integrity does not match vendor.json")
    staging = workdir / f"{name}-files"
    with tarfile.open(tarball) as tar:
        for member in spec["files"]:
            source = tar.extractfile(f"package/{member}")
            if source is None:
                raise SystemExit(f"vendor_web: {tarball.name} has no {member}")
            dest = staging / Path(member).relative_to(Path(member).parts[0]) \
                if member.startswith("dist/") else staging / member
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(source.read())
    (staging / "VERSION").write_text(spec["version"] + "\n")
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staging), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch again even if vendored")
    args = parser.parse_args()
    packages = json.loads((WEB / "vendor.json").read_text("utf-8"))["packages"]
    if args.force:
        shutil.rmtree(VENDOR, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in packages.items():
            _vendor(name, spec, Path(tmp))
    print(f"vendor_web: {', '.join(packages)} in {VENDOR}", file=sys.stderr)


if __name__ == "__main__":
    main()
