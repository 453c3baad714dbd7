"""The running server reaches nothing outside the machine (DEV-AIRGAP, issue 18 item 5):
``baomi serve`` with the demo, in a network namespace with only loopback (``unshare -n``) and
under ``strace -f``, serves the main pages and the API while every connect() (and every
sendto()/sendmsg() with an address) goes to loopback or a unix socket.

The tests run the server in a process of their own (``python -m tests.ops.test_zero_outbound``
inside the namespace: the driver at the end of this module); the helpers here are the offline
kit's test's too (tests/ops/test_offline_kit.py)."""

from __future__ import annotations

import errno
import fcntl
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRACE = "/usr/bin/strace"
# What is traced: the calls that reach an address (connect; sendto and sendmsg name one on an
# unconnected socket) and those that show the server's own processes were traced (bind, the
# listening socket; accept, every request).
TRACED = "connect,sendto,sendmsg,bind,accept,accept4"
DEMO_PASSWORD = "Baomi-demo-2026"  # what ``baomi demo`` prints (baomi.seams.demo)
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


# --- the namespace: which machines have one, and loopback in it ----------------------------


def _unshare() -> list[str] | str:
    """The command that runs a process in a new network namespace (``unshare -n`` as root,
    ``unshare -rn`` in a user namespace of its own otherwise), or why there is none."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    refused = ""
    for command in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            done = subprocess.run(
                [*command, "true"], capture_output=True, text=True, timeout=30, check=False
            )
        except OSError as exc:
            return f"unshare cannot run: {exc}"
        if done.returncode == 0:
            return command
        refused = refused or done.stderr.strip()
    return f"no network namespace here (unshare -n needs root or user namespaces): {refused}"


def namespace_missing() -> str | None:
    """Why no process can run in a network namespace here, or None."""
    command = _unshare()
    return command if isinstance(command, str) else None


def skip_in_the_postgres_run() -> None:
    """The server here runs on a SQLite database of its own: once, in the SQLite run (as the
    suite's own_sqlite fixture does; module fixtures are set up before it)."""
    from django.db import connections

    if connections["default"].vendor != "sqlite":
        pytest.skip("runs once, in the SQLite run of the suite: its database is SQLite anyway")


def loopback_up() -> None:
    """Inside a new namespace: bring ``lo`` up (it starts down), as ``ip link set lo up``."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))


def outside_is_unreachable() -> bool:
    """True when an address outside the machine (TEST-NET-1) cannot be reached from here."""
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=3).close()
    except OSError as exc:
        return exc.errno in {errno.ENETUNREACH, errno.EHOSTUNREACH}
    return False


def run_inside(module: str, *args: str, timeout: float) -> dict:
    """``python -m MODULE ARGS`` in a new network namespace; the JSON it prints last."""
    unshare = _unshare()
    assert not isinstance(unshare, str), unshare
    done = subprocess.run(
        [*unshare, sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"the driver failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the server and a browser without one ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Pages over HTTP with a session cookie and Django's CSRF token, redirects not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Stay
        )

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(self.base + path, headers=headers or {}))

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str, dict]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(self.base + path, data=data))

    def log_in(self, username: str, password: str) -> tuple[int, str]:
        """POST the login form; the status and where it leads."""
        _status, page, _headers = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the login page has no CSRF token"
        status, _body, headers = self.post(
            "/login/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        )
        return status, headers.get("Location", "")

    def _open(self, request: urllib.request.Request) -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str]) -> Iterator[Browser]:
    """Start ``baomi serve`` (``command``), wait for its login page, stop it with SIGTERM."""
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, for the kill below
    )
    browser = Browser(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                browser.get("/login/")
                break
            except OSError:
                if server.poll() is not None:
                    out, err = server.communicate()
                    raise AssertionError(f"the server stopped:\n{out}\n{err}") from None
                assert time.monotonic() < deadline, "the server did not answer in 120 s"
                time.sleep(0.3)
        yield browser
    finally:
        os.kill(_traced_child(server.pid) or server.pid, signal.SIGTERM)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()


def _traced_child(pid: int) -> int | None:
    """The process strace (``pid``) runs: stopping strace would detach it and leave it
    serving; stopped itself, it ends and strace with it."""
    if Path(f"/proc/{pid}/exe").resolve().name != "strace":
        return None
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[0]) if children else None


def local_assets(page: str) -> list[str]:
    """What a page makes the browser load (scripts, stylesheets, images, icons)."""
    tags = re.findall(r"<(?:script|link|img)\b[^>]*>", page)
    return [
        m.group(1)
        for tag in tags
        for m in [re.search(r'\b(?:src|href)="([^"]+)"', tag)]
        if m and not (tag.startswith("<link") and 'rel="canonical"' in tag)
    ]


# --- reading strace's record --------------------------------------------------------------

_CALL = re.compile(r"^(?:\[pid\s+\d+\]|\d+)?\s*(\w+)\(")
_FAMILY = re.compile(r"sa_family=(AF_\w+)")
_ADDRESS = {
    "AF_INET": re.compile(r'inet_addr\("([^"]+)"\)'),
    "AF_INET6": re.compile(r'inet_pton\(AF_INET6, "([^"]+)"'),
}


def outbound(trace: str) -> list[str]:
    """The lines of an ``strace -f`` record where a connect(), sendto() or sendmsg() names an
    address that is neither loopback (127.0.0.0/8, ::1, ::ffff:127.x) nor a unix socket.
    AF_UNSPEC (a datagram socket's disconnection) reaches nothing."""
    found = []
    for line in trace.splitlines():
        call = _CALL.match(line)
        if not call or call.group(1) not in {"connect", "sendto", "sendmsg"}:
            continue
        for family in _FAMILY.findall(line):
            if family in {"AF_UNIX", "AF_LOCAL", "AF_UNSPEC"}:
                continue
            pattern = _ADDRESS.get(family)
            addresses = pattern.findall(line) if pattern else []
            if not addresses or not all(_loopback(a) for a in addresses):
                found.append(line)
                break
    return found


def _loopback(address: str) -> bool:
    return address.startswith("127.") or address in {"::1"} or address.startswith("::ffff:127.")


def _traced(trace: str, call: str) -> list[str]:
    return [line for line in trace.splitlines() if re.search(rf"\b{call}\(", line)]


# --- the tests ----------------------------------------------------------------------------


@pytest.fixture
def strace_in_a_namespace() -> None:
    skip_in_the_postgres_run()
    if not os.access(STRACE, os.X_OK):
        pytest.skip(f"{STRACE} is not installed")
    missing = namespace_missing()
    if missing:
        pytest.skip(missing)


def test_the_server_connects_to_nothing_outside_loopback__DEV_AIRGAP(
    strace_in_a_namespace, tmp_path
):
    """Log in, GET home, the documents, a document, the deadlines, the cockpit and
    /api/v1/documents with a token: no connect() off the machine, and the trace saw the
    server's processes bind and accept."""
    started = time.monotonic()
    facts = run_inside(__name__, "serve", str(tmp_path), timeout=600)
    assert facts["outside_unreachable"], "the namespace reaches the outside: nothing is proven"
    assert facts["pages"] == {
        "/": 200,
        "/documents/": 200,
        "/documents/<id>/": 200,
        "/deadlines/": 200,
        "/cockpit/": 200,
        "/api/v1/documents": 200,
    }, facts["pages"]
    assert facts["logins"] == [302, 302, 302], "a demo login failed"
    assert facts["documents_listed"] > 0
    trace = (tmp_path / "strace.log").read_text()
    # The record covers the server: its listening socket and the requests it accepted.
    assert any(f"htons({facts['port']})" in line for line in _traced(trace, "bind")), trace[:2000]
    assert len(_traced(trace, "accept4?")) >= len(facts["pages"]), "the workers were not traced"
    offending = outbound(trace)
    assert not offending, "connections outside loopback:\n" + "\n".join(offending[:20])
    print(f"zero-outbound: {time.monotonic() - started:.0f} s", file=sys.stderr)


def test_a_connection_off_the_machine_is_caught__DEV_AIRGAP(strace_in_a_namespace, tmp_path):
    """The same trace and check name a process's attempt to reach 192.0.2.1 (refused in the
    namespace, yet recorded) and a DNS query, and let loopback and unix sockets pass."""
    facts = run_inside(__name__, "attempt", str(tmp_path), timeout=120)
    assert facts["attempted"] == ["192.0.2.1", "lookup"]
    offending = outbound((tmp_path / "strace.log").read_text())
    assert any('inet_addr("192.0.2.1")' in line for line in offending), offending
    assert all("127.0.0.1" not in line and "AF_UNIX" not in line for line in offending), offending


def test_the_check_reads_strace_lines():
    """Loopback (v4, v6, mapped), unix sockets and disconnections pass; any other address,
    including one of sendto() and sendmsg(), is named."""
    trace = "\n".join(
        [
            'connect(3, {sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',  # noqa: E501
            '7 connect(4, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.8.9.1")}, 16 <unfinished ...>',  # noqa: E501
            '[pid  12] connect(5, {sa_family=AF_INET6, sin6_port=htons(5432), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',  # noqa: E501
            '[pid  12] connect(6, {sa_family=AF_UNIX, sun_path="/run/postgresql/.s.PGSQL.5432"}, 110) = 0',  # noqa: E501
            'connect(7, {sa_family=AF_UNSPEC, sa_data="\\0\\0\\0\\0"}, 16) = 0',
            'connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.2")}, 16) = -1 ENETUNREACH (Network is unreachable)',  # noqa: E501
            'sendto(9, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)',  # noqa: E501
            'sendmsg(10, {msg_name={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("192.0.2.9")}, msg_namelen=16}, 0) = -1',  # noqa: E501
            'bind(11, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("0.0.0.0")}, 16) = 0',  # noqa: E501
            "[pid  14] connect(12, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0",
        ]
    )
    named = [
        re.search(r"(10\.0\.0\.2|2001:db8::1|192\.0\.2\.9|AF_NETLINK)", line).group(1)
        for line in outbound(trace)
    ]
    assert named == [
        "10.0.0.2",
        "2001:db8::1",
        "192.0.2.9",
        "AF_NETLINK",
    ]


# --- the driver, inside the namespace -----------------------------------------------------


def _strace(log: Path) -> list[str]:
    return [STRACE, "-f", "--seccomp-bpf", "-qq", "-e", f"trace={TRACED}", "-o", str(log)]


def _serve(scratch: Path) -> dict:
    """The demo on SQLite, served under strace; the main pages and the API driven."""
    loopback_up()
    port = free_port()
    data = scratch / "data"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(scratch),
        "BAOMI_DATA_DIR": str(data),
        "BAOMI_DATABASE_URL": f"sqlite:///{data / 'baomi.sqlite3'}",
        "BAOMI_LANGUAGE": "en",
        "PYTHONPYCACHEPREFIX": str(scratch / "pycache"),
    }
    baomi = [sys.executable, "-m", "baomi.cli"]
    # The set-up is traced too, each command to a file of its own (read together below).
    for number, step in enumerate((["migrate", "--noinput", "-v", "0"], ["demo"])):
        traced = _strace(scratch / f"setup-{number}.log")
        subprocess.run([*traced, *baomi, *step], env=env, check=True, capture_output=True)
    token = subprocess.run(
        [sys.executable, "-m", "baomi.cli", "token", "create", "clerk", "--label", "outbound"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    facts: dict = {"outside_unreachable": outside_is_unreachable(), "port": port, "pages": {}}
    server = [*_strace(scratch / "strace.log"), *baomi, "serve", "--port", str(port)]
    with serving(server, port, env) as browser:
        clerk, officer = browser, Browser(browser.base)
        facts["logins"] = [
            clerk.log_in("clerk", DEMO_PASSWORD)[0],
            officer.log_in("secofficer", DEMO_PASSWORD)[0],
            Browser(browser.base).log_in("leader", DEMO_PASSWORD)[0],
        ]
        api, body, _ = clerk.get("/api/v1/documents", {"Authorization": f"Bearer {token}"})
        items = json.loads(body).get("items", []) if api == 200 else []
        facts["documents_listed"] = len(items)
        pages = {"/": clerk, "/documents/": clerk, "/deadlines/": officer, "/cockpit/": officer}
        for path, who in pages.items():
            facts["pages"][path] = who.get(path)[0]
        if items:
            facts["pages"]["/documents/<id>/"] = clerk.get(f"/documents/{items[0]['id']}/")[0]
        facts["pages"]["/api/v1/documents"] = api
    logs = [scratch / "strace.log", *sorted(scratch.glob("setup-*.log"))]
    (scratch / "strace.log").write_text("".join(p.read_text() for p in logs))
    return facts


def _attempt(scratch: Path) -> dict:
    """A traced process tries an address off the machine and a name lookup (both fail here),
    beside a loopback listener it reaches."""
    loopback_up()
    script = (
        "import json, socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        "socket.create_connection(s.getsockname()).close()\n"
        "u = socket.socket(socket.AF_UNIX); u.bind('\\0baomi-outbound-test'); u.listen()\n"
        "socket.socket(socket.AF_UNIX).connect('\\0baomi-outbound-test')\n"
        "tried = []\n"
        "try: socket.create_connection(('192.0.2.1', 80), timeout=3)\n"
        "except OSError: tried.append('192.0.2.1')\n"
        "try: socket.getaddrinfo('baomi-outbound-test.invalid', 443)\n"
        "except OSError: tried.append('lookup')\n"
        "print(json.dumps(tried))\n"
    )
    done = subprocess.run(
        [*_strace(scratch / "strace.log"), sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
    )
    return {"attempted": json.loads(done.stdout)}


if __name__ == "__main__":
    step, where = sys.argv[1], Path(sys.argv[2])
    print(json.dumps({"serve": _serve, "attempt": _attempt}[step](where)))
