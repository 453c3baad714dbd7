"""A minimal writer of OLE compound files (CFB version 3, 512-byte sectors) for tests.

Every stream is padded with NUL bytes to at least the 4096-byte mini-stream cutoff, so all
data lives in regular sectors and no mini stream is needed. Storages are implied by the paths:
``{"WordDocument": ..., "__attach_version1.0_#00000000/__substg1.0_37010102": ...}``.
"""

from __future__ import annotations

import itertools
import struct

SECTOR = 512
CUTOFF = 4096
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


def compound_file(streams: dict[str, bytes]) -> bytes:
    entries = [{"name": "Root Entry", "type": ROOT, "children": {}}]
    by_path = {"": entries[0]}
    for path, data in streams.items():
        parent = ""
        for name in path.split("/")[:-1]:
            here = f"{parent}/{name}".lstrip("/")
            if here not in by_path:
                by_path[here] = {"name": name, "type": STORAGE, "children": {}}
                by_path[parent]["children"][name] = by_path[here]
                entries.append(by_path[here])
            parent = here
        name = path.split("/")[-1]
        size = max(CUTOFF, -(-len(data) // SECTOR) * SECTOR)
        entry = {"name": name, "type": STREAM, "data": data.ljust(size, b"\0"), "children": {}}
        by_path[parent]["children"][name] = entry
        entries.append(entry)
    for number, entry in enumerate(entries):
        entry["id"] = number
    for entry in entries:  # siblings chained by right pointers, in the format's name order
        kids = sorted(entry["children"].values(), key=lambda e: (len(e["name"]), e["name"].upper()))
        entry["child"] = kids[0]["id"] if kids else NONE
        for left, right in itertools.pairwise(kids):
            left["right"] = right["id"]

    dir_sectors = -(-len(entries) * 128 // SECTOR)
    data_sectors = sum(len(e["data"]) // SECTOR for e in entries if e["type"] == STREAM)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    fat = [FAT_SECTOR] * fat_sectors
    first_dir = len(fat)
    fat += _chain(first_dir, dir_sectors)
    body = bytearray()
    for entry in entries:
        if entry["type"] == STREAM:
            entry["start"] = len(fat)
            fat += _chain(len(fat), len(entry["data"]) // SECTOR)
            body += entry["data"]
    fat += [FREE] * (fat_sectors * 128 - len(fat))

    directory = b"".join(_entry(entry) for entry in entries)
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_sectors,
        first_dir,
        0,
        CUTOFF,
        END,
        0,
        END,
        0,
    )
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + directory + bytes(body)


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 for i in range(count - 1)] + [END]


def _entry(entry: dict) -> bytes:
    name = entry["name"].encode("utf-16-le") + b"\0\0"
    start = entry.get("start", END)
    size = len(entry.get("data", b""))
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name),
        entry["type"],
        1,
        NONE,
        entry.get("right", NONE),
        entry["child"],
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )
