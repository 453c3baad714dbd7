"""The standard ranks every new organisation gets (``baomi setup``, the demo, the tests' and the
bench's organisations): (key, name, seniority), most senior first."""

from __future__ import annotations

# CLS-SCOPE-RANK names these keys; their names are the seed's.
RANKS = [
    ("board", "董事", 60),
    ("general_manager", "总经理", 50),
    ("supervisor", "监事", 40),
    ("director", "总监", 30),
    ("manager", "部门经理", 20),
    ("staff", "员工", 10),
]
