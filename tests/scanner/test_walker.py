"""The walk: every regular file once in name order; links followed without looping; special,
broken and unreadable entries skipped with their reason."""

from __future__ import annotations

import os

import pytest

from baomi.scanner import walker
from baomi.scanner.model import Skipped
from baomi.scanner.walker import FileEntry, walk


def outcome(paths, root) -> list[tuple[str, str]]:
    """(path relative to root, "file" or the skip reason) of the walk."""
    return [
        (
            os.path.relpath(item.path, root),
            "file" if isinstance(item, FileEntry) else item.reason,
        )
        for item in walk([str(p) for p in paths])
    ]


def test_files_in_name_order_depth_first(tmp_path):
    for name in ("b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert outcome([tmp_path], tmp_path) == [
        ("a.txt", "file"),
        ("b/1.txt", "file"),
        ("b/2.txt", "file"),
        ("c/d/e.txt", "file"),
    ]
    entry = next(iter(walk([str(tmp_path / "a.txt")])))
    st = os.stat(tmp_path / "a.txt")
    assert entry == FileEntry(str(tmp_path / "a.txt"), 1, st.st_mtime_ns, st.st_ino, st.st_dev)


def test_a_symlink_loop_is_skipped(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "f.txt").write_text("x")
    os.symlink("..", tmp_path / "d" / "sub" / "up")  # back to an ancestor
    os.symlink("self", tmp_path / "d" / "self")  # a link to itself
    assert outcome([tmp_path / "d"], tmp_path) == [
        ("d/self", "symlink loop"),
        ("d/sub/f.txt", "file"),
        ("d/sub/up", "symlink loop"),
    ]


def test_linked_files_and_directories_are_scanned_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f.txt").write_text("x")
    os.symlink("real", tmp_path / "z_dirlink")  # a second way into real/, not a loop
    os.symlink("real/f.txt", tmp_path / "filelink")
    os.link(tmp_path / "real" / "f.txt", tmp_path / "hardlink")
    assert outcome([tmp_path, tmp_path / "real" / "f.txt"], tmp_path) == [("filelink", "file")]


def test_a_link_to_a_file_alone_is_scanned(tmp_path):
    (tmp_path / "f.txt").write_text("x")
    os.symlink(tmp_path / "f.txt", tmp_path / "link")
    assert outcome([tmp_path / "link"], tmp_path) == [("link", "file")]


def test_broken_links_and_special_files_are_skipped(tmp_path):
    os.symlink("nowhere", tmp_path / "broken")
    os.mkfifo(tmp_path / "fifo")
    assert outcome([tmp_path], tmp_path) == [("broken", "broken symlink"), ("fifo", "special file")]


def test_an_unreadable_directory_is_skipped(tmp_path, monkeypatch):
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "f.txt").write_text("x")
    (tmp_path / "open.txt").write_text("x")
    if os.geteuid() == 0:  # root reads anything: refuse the way the OS would
        real = os.scandir

        def scandir(path):
            if os.path.basename(path) == "closed":
                raise PermissionError(13, "Permission denied", path)
            return real(path)

        monkeypatch.setattr(walker.os, "scandir", scandir)
    else:
        os.chmod(tmp_path / "closed", 0)
    try:
        assert outcome([tmp_path], tmp_path) == [
            ("closed", "permission denied"),
            ("open.txt", "file"),
        ]
    finally:
        os.chmod(tmp_path / "closed", 0o755)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_pseudo_filesystems_are_skipped_however_reached(tmp_path):
    os.symlink("/proc", tmp_path / "proc")
    (tmp_path / "real.txt").write_text("x")
    assert outcome([tmp_path, "/proc/self/status"], tmp_path) == [
        ("proc", "pseudo filesystem"),
        ("real.txt", "file"),
        (os.path.relpath("/proc/self/status", tmp_path), "pseudo filesystem"),
    ]


def test_a_missing_path_is_skipped_by_the_walk(tmp_path):
    """(The command line refuses a missing path before walking: exit 2.)"""
    assert list(walk([str(tmp_path / "gone")])) == [
        Skipped(str(tmp_path / "gone"), "no such file or directory")
    ]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(40, "Too many levels of symbolic links"), "symlink loop"),
        (OSError(5, "Input/output error"), "input/output error"),
    ],
)
def test_os_errors_as_reasons(error, reason):
    assert walker.reason(error) == reason
