"""The offline kit (DEV-AIRGAP, issue 18 item 1): what ``make dist`` builds installs with no
network at all — in a network namespace with only loopback (``unshare -n``), install.sh
installs from the kit's wheels, migrates and runs the first set-up, and the installed server
serves its login page and every asset it loads; install.sh refuses a kit that differs from its
SHA256SUMS and a missing or wrong Python, each with one line.

The kit is built once per test run (pytest-xdist's workers share it), by
packaging/build_kit.py from the working tree, with wheels from the package registry or pip's
cache; without a registry the tests are skipped."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.ops.test_zero_outbound import (
    free_port,
    local_assets,
    loopback_up,
    namespace_missing,
    outside_is_unreachable,
    run_inside,
    serving,
    skip_in_the_postgres_run,
)

ROOT = Path(__file__).resolve().parents[2]
BUILDER = ROOT / "packaging" / "build_kit.py"
NO_REGISTRY = 3  # build_kit's exit status when pip could not reach the registry
SETUP = [
    "--organisation",
    "测试单位",
    "--sysadmin",
    "张三:zhangsan",
    "--security-officer",
    "李四:lisi",
    "--auditor",
    "王五:wangwu",
]
# What the test extras bring and the kit must not hold.
TEST_ONLY = ("pytest", "hypothesis", "playwright", "ruff", "schemathesis", "import_linter")


def _base_python() -> str:
    """The Python 3.11 the project's environment was made from (install.sh makes its own)."""
    return getattr(sys, "_base_executable", sys.executable)


def _plain_env(home: Path, **extra: str) -> dict[str, str]:
    """A login's environment: no BAOMI_* or PIP_* setting of the test run leaks in."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **extra}


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit's folder, built once for all workers (under a lock in their shared temp dir)."""
    skip_in_the_postgres_run()
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = shared / "offline-kit"
    with (shared / "offline-kit.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "built.json").exists():
            out.mkdir(exist_ok=True)
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, str(BUILDER), "--out", str(out), "--name", "kit"],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            (out / "built.json").write_text(
                json.dumps(
                    {
                        "code": done.returncode,
                        "output": done.stdout + done.stderr,
                        "seconds": time.monotonic() - started,
                    }
                )
            )
    built = json.loads((out / "built.json").read_text())
    if built["code"] == NO_REGISTRY:
        pytest.skip("the kit cannot be built here: " + built["output"].strip().splitlines()[-1])
    assert built["code"] == 0, built["output"]
    print(f"kit built in {built['seconds']:.0f} s", file=sys.stderr)
    return out / "kit"


def test_the_kit_holds_the_runtime_wheels_docs_and_checksums(kit):
    """baomi's wheel (with its vendored static files), a wheel per runtime dependency for
    CPython 3.11 on x86-64 Linux and none of the test extras, the docs, install.sh, SHA256SUMS
    over every file, and the archive with its own checksum."""
    wheels = sorted(p.name for p in (kit / "wheels").iterdir())
    assert all(name.endswith(".whl") for name in wheels)
    names = {name.split("-")[0].lower() for name in wheels}
    assert {"baomi", "django", "django_ninja", "cryptography", "psycopg_binary"} <= names
    assert not names & set(TEST_ONLY)
    for name in wheels:
        _python, abi, platform = name[: -len(".whl")].split("-")[-3:]
        assert platform == "any" or "x86_64" in platform, name
        assert abi in {"none", "abi3", "cp311"}, name
    [own] = (kit / "wheels").glob("baomi-*.whl")
    with zipfile.ZipFile(own) as archive:
        inside = set(archive.namelist())
    assert "baomi/web/static/vendor/bootstrap/bootstrap.min.css" in inside
    assert "baomi/web/static/vendor/htmx/htmx.min.js" in inside
    assert "baomi/locale/zh_Hans/LC_MESSAGES/django.mo" in inside
    assert (kit / "README.md").is_file() and (kit / "docs" / "operator.md").is_file()
    assert os.access(kit / "install.sh", os.X_OK)
    listed = {line.split("  ", 1)[1] for line in (kit / "SHA256SUMS").read_text().splitlines()}
    files = {p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()}
    assert listed == files - {"SHA256SUMS"}
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=kit).returncode == 0
    archive = kit.with_name("kit.tar.gz")
    checked = subprocess.run(["sha256sum", "-c", archive.name + ".sha256"], cwd=kit.parent)
    assert checked.returncode == 0


def test_the_kit_installs_and_serves_with_no_network__DEV_AIRGAP(kit, tmp_path):
    """In a namespace with only loopback: install.sh installs, migrates and sets up; the
    installed ``baomi migrate`` has nothing left to do; ``baomi serve`` answers the login page
    with 200, every asset it loads from itself, and the sysadmin's first password."""
    missing = namespace_missing()
    if missing:
        pytest.skip(missing)
    facts = run_inside(__name__, str(kit), str(tmp_path), timeout=900)
    assert facts["outside_unreachable"], "the namespace reaches the outside: nothing is proven"
    assert facts["install"]["code"] == 0, facts["install"]["output"]
    assert "zhangsan" in facts["install"]["output"]
    assert "Start it:" in facts["install"]["output"]
    assert facts["migrate"].strip() == "No migrations to apply.", facts["migrate"]
    assert facts["login_page"] == 200
    assert facts["assets"], "the login page loads no asset: the check below proves nothing"
    assert facts["assets"] == {path: 200 for path in facts["assets"]}, facts["assets"]
    assert all(path.startswith("/") and not path.startswith("//") for path in facts["assets"])
    # The first password is one-time (AUTH-PASSWORD): signed in, the home page leads to it.
    assert facts["login"] == [302, "/password/"], facts["login"]
    print(
        f"offline install {facts['install']['seconds']:.0f} s, "
        f"first page {facts['served_after']:.0f} s after the start",
        file=sys.stderr,
    )


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("change", "wheels/{baomi} does not match SHA256SUMS"),
        ("remove", "wheels/{baomi} is missing"),
        ("add", "wheels/evil-1.0-py3-none-any.whl is not listed in SHA256SUMS"),
        ("sums", "SHA256SUMS is missing"),
    ],
)
def test_install_refuses_a_kit_that_differs_from_its_checksums(kit, tmp_path, tamper, reason):
    """A changed, missing or added wheel, or no SHA256SUMS: one line naming it, nothing
    installed."""
    copy = tmp_path / "kit"
    shutil.copytree(kit, copy)
    [own] = (copy / "wheels").glob("baomi-*.whl")
    if tamper == "change":
        with own.open("r+b") as wheel:
            wheel.seek(100)
            byte = wheel.read(1)
            wheel.seek(100)
            wheel.write(bytes([byte[0] ^ 1]))
    elif tamper == "remove":
        own.unlink()
    elif tamper == "add":
        shutil.copy(own, copy / "wheels" / "evil-1.0-py3-none-any.whl")
    else:
        (copy / "SHA256SUMS").unlink()
    done = _install(copy, tmp_path, PYTHON=_base_python())
    assert done.returncode == 1
    assert done.stderr == (
        "install.sh: checksum failed: "
        + reason.format(baomi=own.name)
        + " (the kit is damaged or altered: copy the archive again and compare its .sha256)\n"
    )
    assert not (tmp_path / "installed").exists()


@pytest.mark.parametrize(
    ("python", "reason"),
    [
        (
            "/nowhere/python3.11",
            "baomi needs Python 3.11, and there is none here (/nowhere/python3.11 not found): "
            "install it from the operating system's media, or set "
            "PYTHON=/path/to/python3.11",
        ),
        (
            "3.9",
            "baomi needs Python 3.11 or newer; {python} is Python 3.9 "
            "(set PYTHON=/path/to/python3.11)",
        ),
        (
            "3.12",
            "this kit's wheels are for Python 3.11; {python} is Python 3.12 "
            "(set PYTHON=/path/to/python3.11, or build a kit with make dist KIT_PYTHON=3.12)",
        ),
    ],
)
def test_install_refuses_without_python_3_11(kit, tmp_path, python, reason):
    """No Python, or one the kit's wheels are not for: one line saying which to use."""
    if not python.startswith("/"):  # an interpreter answering only its version
        fake = tmp_path / f"python{python}"
        fake.write_text(f"#!/bin/sh\necho {python}\n")
        fake.chmod(0o755)
        python = str(fake)
    done = _install(kit, tmp_path, PYTHON=python)
    assert (done.returncode, done.stderr) == (1, f"install.sh: {reason.format(python=python)}\n")
    assert not (tmp_path / "installed").exists()


def test_install_without_a_directory_prints_its_usage(kit, tmp_path):
    done = subprocess.run(
        [str(kit / "install.sh")],
        env=_plain_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("install.sh: usage: ./install.sh DIR [--organisation NAME")
    assert len(done.stderr.splitlines()) == 1


def _install(kit: Path, scratch: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(kit / "install.sh"), str(scratch / "installed"), *SETUP],
        env=_plain_env(scratch, **env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- the driver, inside the namespace -----------------------------------------------------


def _inside(kit: Path, scratch: Path) -> dict:
    """Install from the kit, then serve what was installed, all with no network."""
    loopback_up()
    facts: dict = {"outside_unreachable": outside_is_unreachable()}
    target = scratch / "installed"
    started = time.monotonic()
    done = _install(kit, scratch, PYTHON=_base_python())
    facts["install"] = {
        "code": done.returncode,
        "output": done.stdout + done.stderr,
        "seconds": time.monotonic() - started,
    }
    if done.returncode != 0:
        return facts
    baomi = str(target / "bin" / "baomi")
    env = _plain_env(scratch, BAOMI_LANGUAGE="en")
    facts["migrate"] = subprocess.run(
        [baomi, "migrate", "--noinput"], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1]
    port = free_port()
    started = time.monotonic()
    with serving([baomi, "serve", "--port", str(port)], port, env) as browser:
        facts["served_after"] = time.monotonic() - started
        status, page, _headers = browser.get("/login/")
        facts["login_page"] = status
        facts["assets"] = {path: browser.get(path)[0] for path in local_assets(page)}
        password = next(
            line.split()[-1]
            for line in done.stdout.splitlines()
            if line.strip().startswith("zhangsan ")
        )
        status, _where = browser.log_in("zhangsan", password)
        facts["login"] = [status, browser.get("/")[2].get("Location", "")]
    return facts


if __name__ == "__main__":
    print(json.dumps(_inside(Path(sys.argv[1]), Path(sys.argv[2]))))
