#!/bin/sh
# baomi @KIT_VERSION@ offline kit: install into DIR from the wheels beside this script, with no
# network at all (DEV-AIRGAP), then migrate and, given its options, run the first set-up.
#
#   ./install.sh DIR [--organisation NAME --sysadmin NAME:LOGIN \
#                     --security-officer NAME:LOGIN --auditor NAME:LOGIN]
#
# DIR gets venv/ (Python's virtual environment with baomi), baomi.env (the settings: the data
# dir, a generated secret key, BAOMI_PRODUCTION=1; kept when installing again), bin/baomi (baomi
# with those settings) and var/ (the data, unless BAOMI_DATA_DIR says elsewhere).
# BAOMI_DATABASE_URL, when set, is written to baomi.env (PostgreSQL); PYTHON picks the
# interpreter (default: python@KIT_PYTHON@, else python3).
# Every refusal is one line on standard error and exit status 1.
set -eu

KIT_VERSION="@KIT_VERSION@"
KIT_PYTHON="@KIT_PYTHON@"
KIT_ARCH="@KIT_ARCH@"

refuse() {
    echo "install.sh: $*" >&2
    exit 1
}

[ $# -ge 1 ] && [ "${1#-}" = "$1" ] || refuse "usage: ./install.sh DIR [--organisation NAME \
--sysadmin NAME:LOGIN --security-officer NAME:LOGIN --auditor NAME:LOGIN]"
case "$1" in
    *"'"* | *'\'* | *'$'* | *'`'* | *'"'*) refuse "DIR may not hold quotes, \\, \$ or \`: $1" ;;
esac
kit=$(cd "$(dirname "$0")" && pwd)

# --- Python: the version the kit's wheels are built for --------------------------------------
if [ -n "${PYTHON:-}" ]; then
    python=$PYTHON
elif command -v "python$KIT_PYTHON" >/dev/null 2>&1; then
    python=python$KIT_PYTHON
else
    python=python3
fi
found=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) ||
    refuse "baomi needs Python $KIT_PYTHON, and there is none here ($python not found): \
install it from the operating system's media, or set PYTHON=/path/to/python$KIT_PYTHON"
if [ "$found" != "$KIT_PYTHON" ]; then
    case "$found" in
        2.* | 3.[0-9] | 3.10) refuse "baomi needs Python 3.11 or newer; $python is Python $found \
(set PYTHON=/path/to/python$KIT_PYTHON)" ;;
        *) refuse "this kit's wheels are for Python $KIT_PYTHON; $python is Python $found \
(set PYTHON=/path/to/python$KIT_PYTHON, or build a kit with make dist KIT_PYTHON=$found)" ;;
    esac
fi
machine=$(uname -m)
[ "$machine" = "$KIT_ARCH" ] || refuse "this kit's wheels are for $KIT_ARCH machines; this one \
is $machine (build a kit with make dist KIT_ARCH=$machine)"

# --- the kit as it was built: every file of SHA256SUMS, no wheel it does not list ------------
"$python" - "$kit" <<'CHECK' || exit 1
import hashlib
import sys
from pathlib import Path

kit = Path(sys.argv[1])


def refuse(reason):
    sys.exit(f"install.sh: checksum failed: {reason} (the kit is damaged or altered: copy the "
             "archive again and compare its .sha256)")


try:
    lines = (kit / "SHA256SUMS").read_text().splitlines()
except OSError:
    refuse("SHA256SUMS is missing")
listed = {}
for line in lines:
    digest, _, name = line.partition("  ")
    if len(digest) != 64 or not name or ".." in Path(name).parts or name.startswith("/"):
        refuse(f"SHA256SUMS has a line that is not DIGEST  FILE: {line[:80]!r}")
    listed[name] = digest
for name, digest in listed.items():
    path = kit / name
    if not path.is_file():
        refuse(f"{name} is missing")
    hashed = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hashed.update(block)
    if hashed.hexdigest() != digest:
        refuse(f"{name} does not match SHA256SUMS")
if not (kit / "wheels").is_dir():
    refuse("wheels/ is missing")
for path in sorted((kit / "wheels").iterdir()):
    if f"wheels/{path.name}" not in listed:
        refuse(f"wheels/{path.name} is not listed in SHA256SUMS")
CHECK

# --- the virtual environment, from the kit's wheels only -------------------------------------
mkdir -p "$1" || refuse "cannot create $1"
target=$(cd "$1" && pwd)
if [ ! -x "$target/venv/bin/python" ]; then
    "$python" -m venv "$target/venv" >/dev/null 2>&1 ||
        refuse "$python cannot create a virtual environment in $target/venv (on Debian, Ubuntu, \
Kylin or UOS install the package python$KIT_PYTHON-venv from the operating system's media)"
fi
# pip sees no configuration of this machine (an index it may name) and asks nothing online.
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_CONSTRAINT PIP_REQUIREMENT
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
# Eager: installing again upgrades every dependency to the kit's own version too.
"$target/venv/bin/python" -m pip install --quiet --no-index --find-links "$kit/wheels" \
    --upgrade --upgrade-strategy eager "baomi==$KIT_VERSION" ||
    refuse "pip could not install baomi $KIT_VERSION from $kit/wheels (see above)"

# --- the settings, kept when installing again ------------------------------------------------
if [ ! -f "$target/baomi.env" ]; then
    data=${BAOMI_DATA_DIR:-$target/var}
    case "$data${BAOMI_DATABASE_URL:-}" in
        *"'"*) refuse "BAOMI_DATA_DIR and BAOMI_DATABASE_URL may not hold a quote" ;;
    esac
    secret=$("$python" -c 'import secrets; print(secrets.token_urlsafe(50))')
    (
        umask 077
        {
            echo "# baomi's settings (docs/operator.md, Settings); read by $target/bin/baomi"
            echo "BAOMI_DATA_DIR='$data'"
            echo "BAOMI_SECRET_KEY='$secret'"
            echo "BAOMI_PRODUCTION=1"
            if [ -n "${BAOMI_DATABASE_URL:-}" ]; then
                echo "BAOMI_DATABASE_URL='$BAOMI_DATABASE_URL'"
            fi
        } >"$target/baomi.env"
    )
fi
mkdir -p "$target/bin"
cat >"$target/bin/baomi" <<WRAPPER
#!/bin/sh
# baomi with the settings of $target/baomi.env
set -a
. '$target/baomi.env'
set +a
exec '$target/venv/bin/baomi' "\$@"
WRAPPER
chmod 755 "$target/bin/baomi"

# --- the database, and the first set-up when its options are given --------------------------
shift
"$target/bin/baomi" migrate --noinput -v 0 || refuse "baomi migrate failed (see above)"
if [ $# -gt 0 ]; then
    "$target/bin/baomi" setup "$@" || refuse "baomi setup failed (see above)"
fi

echo "baomi $KIT_VERSION is installed in $target (settings: $target/baomi.env)."
if [ $# -eq 0 ]; then
    echo "First set-up: $target/bin/baomi setup --organisation NAME --sysadmin NAME:LOGIN \
--security-officer NAME:LOGIN --auditor NAME:LOGIN"
fi
echo "Start it:     $target/bin/baomi serve --host 127.0.0.1 --port 8000"
echo "Serving other machines: add BAOMI_ALLOWED_HOSTS=<this machine's name> to baomi.env and \
use --host 0.0.0.0 (docs/operator.md)."
