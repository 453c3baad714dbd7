"""Build baomi's offline kit (DEV-AIRGAP): one folder and its .tar.gz with baomi's wheel, the
wheel of every runtime dependency for the target machine, the docs, SHA256SUMS and install.sh,
which installs with ``pip --no-index`` from the kit alone and runs the first set-up.

    python packaging/build_kit.py [--python 3.11] [--arch x86_64] [--glibc 2.28] [--out dist]

``make dist`` runs it with the project's virtual environment (see the Makefile's KIT_*
variables). It needs a package registry (or pip's cache) on the machine that builds; the
machine that installs needs none. Only the standard library: it runs before anything else is.
"""

# ruff: noqa: S603, S607 - it runs pip, git and tar (from PATH) on arguments it checked

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# What setuptools' package data must have put inside baomi's wheel (pyproject.toml).
PACKAGE_DATA = re.compile(r"(^|/)(static|templates)/|^locale/.*\.mo$")
# An asset the browser would fetch from elsewhere: <script src>, <link href>, <img src>,
# url(...) and @import pointing at another host (//host or http(s)://host).
EXTERNAL_ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)
# pip's words when the registry cannot be reached (the build exits with NO_REGISTRY then).
NETWORK_ERRORS = (
    "NewConnectionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Could not fetch URL",
    "ConnectTimeout",
    "ProxyError",
)
NO_REGISTRY = 3


class BuildError(Exception):
    """A one-line reason the kit was not built."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    try:
        kit, archive, wheels = build(args)
    except BuildError as exc:
        print(f"build_kit: {exc}", file=sys.stderr)
        return exc.code
    size = archive.stat().st_size / 1e6
    print(
        f"Built {kit} ({wheels} wheels) and {archive.name} ({size:.1f} MB) "
        f"in {time.monotonic() - started:.0f} s."
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default="3.11", help="the target's Python (X.Y)")
    parser.add_argument("--arch", default="x86_64", help="the target's machine (uname -m)")
    parser.add_argument(
        "--glibc",
        default="2.28",
        help="the oldest glibc of the target machines (ldd --version): manylinux wheels up to it",
    )
    parser.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="TAG",
        help="pip's platform tags instead of the manylinux ones of --arch and --glibc (repeat)",
    )
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="the newest releases the registry has, instead of the versions installed in the "
        "environment that runs this script (those the tests ran on)",
    )
    parser.add_argument(
        "--commit",
        metavar="REV",
        help="build baomi's wheel from this git commit (e.g. a release tag) instead of the "
        "working tree",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the kit goes")
    parser.add_argument("--name", help="the kit's name (default baomi-kit-VERSION-TARGET)")
    return parser


def build(args: argparse.Namespace) -> tuple[Path, Path, int]:
    """Build the kit's folder and archive; answer them and the number of wheels."""
    if not re.fullmatch(r"3\.\d{1,2}", args.python):
        raise BuildError(f"--python must be X.Y (e.g. 3.11), not {args.python!r}")
    if not re.fullmatch(r"2\.\d{1,2}", args.glibc):
        raise BuildError(f"--glibc must be 2.N (e.g. 2.28), not {args.glibc!r}")
    if not re.fullmatch(r"[a-z0-9_]{1,20}", args.arch):
        raise BuildError(f"--arch must be a machine name (e.g. x86_64), not {args.arch!r}")
    if int(args.glibc.split(".")[1]) < 17:
        raise BuildError(f"--glibc below 2.17 (manylinux2014) is not supported: {args.glibc}")
    if args.commit is not None and not re.fullmatch(r"[\w./^~@{}][\w./^~@{}-]{0,99}", args.commit):
        raise BuildError(f"--commit must name a commit, tag or branch, not {args.commit!r}")
    if args.name is not None and not re.fullmatch(r"[A-Za-z0-9._-]{1,100}", args.name):
        raise BuildError(f"--name may hold letters, digits, '.', '_' and '-' only: {args.name!r}")
    platforms = args.platform or manylinux(args.arch, args.glibc)
    pytag = "cp" + args.python.replace(".", "")
    with tempfile.TemporaryDirectory(prefix="baomi-kit-") as scratch:
        source = _clean_source(Path(scratch) / "src", args.commit)
        version = tomllib.loads((source / "pyproject.toml").read_text())["project"]["version"]
        kit = args.out / (args.name or f"baomi-kit-{version}-{pytag}-{args.arch}")
        wheel = _project_wheel(source, Path(scratch) / "project")
        _check_package_data(source, wheel)
        _check_no_external_asset(source)
        if kit.exists():
            shutil.rmtree(kit)
        (kit / "wheels").mkdir(parents=True)
        constraints = Path(scratch) / "constraints.txt"
        constraints.write_text(_installed_versions() if args.pin else "")
        _download(wheel, kit / "wheels", platforms, args.python, constraints)
        wheels = sorted(p.name for p in (kit / "wheels").glob("*.whl"))
        _check_wheels(wheels, pytag, platforms)
        _add_docs_and_installer(kit, source, version=version, python=args.python, arch=args.arch)
    _write_sums(kit)
    archive = _archive(kit)
    return kit, archive, len(wheels)


def manylinux(arch: str, glibc: str) -> list[str]:
    """pip's platform tags for Linux machines of ``arch`` with glibc ``glibc`` or newer:
    manylinux_2_N for each N down to 2.17, and the legacy names (pip takes a tag as exactly
    that tag, without the older ones a machine with that glibc runs too)."""
    newest = int(glibc.split(".")[1])
    tags = [f"manylinux_2_{n}_{arch}" for n in range(newest, 16, -1)]
    return [*tags, f"manylinux2014_{arch}", f"manylinux2010_{arch}", f"manylinux1_{arch}"]


def _run(command: list[str], *, failure: str, cwd: Path | None = None) -> str:
    """Run a command; on failure its output and a one-line reason (NO_REGISTRY when pip could
    not reach the registry)."""
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env=_pip_env()
    )
    if done.returncode != 0:
        output = done.stdout + done.stderr
        print(output, file=sys.stderr)
        offline = any(words in output for words in NETWORK_ERRORS)
        raise BuildError(
            failure + (" (the package registry could not be reached)" if offline else ""),
            NO_REGISTRY if offline else 1,
        )
    return done.stdout


def _pip_env() -> dict[str, str]:
    return {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}


def _clean_source(target: Path, commit: str | None) -> Path:
    """The project's files as the commit or else the working tree has them (tracked and new,
    not ignored), copied without build/, .venv or var/: a stale build/lib would put deleted
    modules in the wheel."""
    if commit is not None:
        target.mkdir(parents=True)
        exported = subprocess.run(
            ["git", "archive", "--format=tar", commit, "--"],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        if exported.returncode != 0:
            raise BuildError(f"git cannot export {commit!r}: {exported.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", str(target)], input=exported.stdout, check=True)
        return target
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        for name in listed.stdout.decode().split("\0"):
            path = ROOT / name
            if name and path.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / name)
    else:  # not a git checkout (a release's source): everything but what a build leaves
        shutil.copytree(
            ROOT,
            target,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__"
            ),
        )
    return target


def _project_wheel(source: Path, out: Path) -> Path:
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        failure="could not build baomi's wheel",
    )
    built = list(out.glob("baomi-*.whl"))
    if len(built) != 1:
        raise BuildError(f"expected one baomi wheel, found {[p.name for p in built]}")
    return built[0]


def _check_package_data(source: Path, wheel: Path) -> None:
    """Refuse a wheel without one of the static files (vendored CSS and scripts included),
    templates or compiled translations of the source: the installed server serves only what
    its wheel holds."""
    package = source / "src" / "baomi"
    wanted = {
        path.relative_to(package.parent).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and PACKAGE_DATA.search(path.relative_to(package).as_posix())
    }
    if not any("/static/vendor/" in name for name in wanted):
        raise BuildError("no vendored static file found under src/baomi/*/static/vendor/")
    with zipfile.ZipFile(wheel) as archive:
        missing = sorted(wanted - set(archive.namelist()))
    if missing:
        raise BuildError(f"baomi's wheel lacks {len(missing)} package data files: {missing[0]}")


def _check_no_external_asset(source: Path) -> None:
    """Refuse templates or stylesheets that make the browser fetch from another host."""
    package = source / "src" / "baomi"
    for path in sorted(package.rglob("*")):
        if path.suffix in {".html", ".css"} and "vendor" not in path.parts:
            match = EXTERNAL_ASSET.search(path.read_text(errors="replace"))
            if match:
                where = path.relative_to(source)
                raise BuildError(f"{where} loads an external asset: {match.group(0)!r}")


def _installed_versions() -> str:
    """Constraints pinning every package installed here (baomi itself excepted) to its
    version: the kit holds the releases the tests ran on."""
    frozen = _run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        failure="could not list the installed versions",
    )
    lines = [
        line
        for line in frozen.splitlines()
        if re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!_-]+", line)
        and not line.lower().startswith("baomi==")
    ]
    return "\n".join(lines) + "\n"


def _download(
    wheel: Path, wheels: Path, platforms: list[str], python: str, constraints: Path
) -> None:
    """Every runtime dependency's wheel for the target (no sources: nothing is compiled on
    the isolated machine), through pip's cache; the test extras are not asked for."""
    pytag = "cp" + python.replace(".", "")
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "-q",
        "--only-binary=:all:",
        "--python-version",
        python,
        "--implementation",
        "cp",
        *(f"--abi={abi}" for abi in (pytag, "abi3", "none")),
        *(f"--platform={tag}" for tag in platforms),
        "-c",
        str(constraints),
        "-d",
        str(wheels),
        str(wheel),
    ]
    _run(command, failure=f"could not download the wheels for Python {python} on {platforms[0]}")


def _check_wheels(wheels: list[str], pytag: str, platforms: list[str]) -> None:
    """Every file is a wheel for the target: pure Python, the stable ABI, or its CPython, on
    one of its platforms."""
    if not any(name.startswith("baomi-") for name in wheels):
        raise BuildError("baomi's own wheel is not in the kit")
    allowed = {"any", *platforms}
    for name in wheels:
        python_tags, abi_tags, platform_tags = name[: -len(".whl")].split("-")[-3:]
        fits_python = any(
            tag.startswith("py3")
            or tag == pytag
            or (abi_tags == "abi3" and tag.startswith("cp3") and _minor(tag) <= _minor(pytag))
            for tag in python_tags.split(".")
        )
        if not fits_python or not set(platform_tags.split(".")) & allowed:
            raise BuildError(f"{name} is not a wheel for {pytag} on {platforms[0]}")


def _minor(tag: str) -> int:
    """cp311 -> 11."""
    return int(tag[3:])


def _add_docs_and_installer(
    kit: Path, source: Path, *, version: str, python: str, arch: str
) -> None:
    """The README and docs of the source the wheel was built from; this folder's installer."""
    shutil.copy2(source / "README.md", kit / "README.md")
    (kit / "docs").mkdir()
    for doc in sorted((source / "docs").glob("*.md")):
        shutil.copy2(doc, kit / "docs" / doc.name)
    shutil.copy2(HERE / "INSTALL.txt", kit / "INSTALL.txt")
    script = (HERE / "install.sh").read_text()
    for key, value in {"VERSION": version, "PYTHON": python, "ARCH": arch}.items():
        script = script.replace(f"@KIT_{key}@", value)
    if "@KIT_" in script:
        raise BuildError("install.sh has a placeholder left")
    (kit / "install.sh").write_text(script)
    (kit / "install.sh").chmod(0o755)


def _write_sums(kit: Path) -> None:
    """SHA256SUMS in sha256sum's format (``sha256sum -c SHA256SUMS`` checks it too)."""
    lines = []
    for path in sorted(p for p in kit.rglob("*") if p.is_file()):
        name = path.relative_to(kit).as_posix()
        if name != "SHA256SUMS":
            lines.append(f"{_sha256(path)}  {name}\n")
    (kit / "SHA256SUMS").write_text("".join(lines))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _archive(kit: Path) -> Path:
    """The folder as NAME.tar.gz (owner root, the folder's name at the top) and the archive's
    own checksum beside it, to compare after carrying it over."""
    archive = kit.with_name(kit.name + ".tar.gz")

    def owned_by_root(member: tarfile.TarInfo) -> tarfile.TarInfo:
        member.uid = member.gid = 0
        member.uname = member.gname = "root"
        return member

    with tarfile.open(archive, "w:gz") as tar:
        tar.add(kit, arcname=kit.name, filter=owned_by_root)
    kit.with_name(archive.name + ".sha256").write_text(f"{_sha256(archive)}  {archive.name}\n")
    return archive


if __name__ == "__main__":
    sys.exit(main())
