"""The architecture of DESIGN.md, checked: state changes only in ``operations.py`` or an
``operations/`` package of one module per part of a large domain (plus migrations and the
audit chain's single writer), and the layers' import direction."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "baomi"
# The only writers outside operations.py: the audit chain's recorder (record_event).
ALLOWED_WRITERS = {SRC / "audit" / "recorder.py"}
# Writes whatever the receiver: only models and querysets have these methods.
WRITES = {"save", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# Writes when the receiver is a queryset or a relation manager (dicts and sets have them too).
ORM_WRITES = {"update", "delete", "add", "remove", "set", "clear"}
QUERYSET_METHODS = {
    "objects",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "distinct",
    "annotate",
    "only",
    "defer",
    "none",
    "using",
}
# Calls that are not model writes although their names are (e.g. an openpyxl workbook's
# ``save``): (path relative to src/baomi, the call as written). Add with a reason.
NOT_MODEL_WRITES: set[tuple[str, str]] = {
    # The import templates (people, incoming register, equipment ledger): an openpyxl workbook
    # written to a byte buffer.
    ("core/imports.py", "book.save"),
    # The annual report's .docx (python-docx), written to a byte buffer.
    ("cockpit/queries/report_files.py", "doc.save"),
}


def relation_accessors() -> set[str]:
    """Every name under which a baomi model reaches a related manager (M2M, reverse FKs)."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("baomi."):
            continue
        for f in model._meta.get_fields():
            if f.many_to_many or f.one_to_many:
                accessor = f.get_accessor_name() if f.auto_created else f.name
                if accessor and not accessor.endswith("+"):
                    names.add(accessor)
    return names


def _attrs_and_names(node: ast.AST) -> set[str]:
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            found.add(sub.attr)
        elif isinstance(sub, ast.Name):
            found.add(sub.id)
    return found


def _orm_names(tree: ast.Module, orm_words: set[str]) -> set[str]:
    """Names bound (anywhere in the module) to an expression built from querysets or
    relation managers, e.g. ``current = Model.objects.filter(...)``."""
    names: set[str] = set()
    bindings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bindings += [(t, node.value) for t in targets]
        elif isinstance(node, ast.For | ast.comprehension):
            bindings.append((node.target, node.iter))
    changed = True
    while changed:
        changed = False
        for target, value in bindings:
            if _attrs_and_names(value) & (orm_words | names):
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name) and sub.id not in names:
                        names.add(sub.id)
                        changed = True
    return names


def writes_outside_operations() -> list[str]:
    orm_words = QUERYSET_METHODS | relation_accessors()
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        in_operations = path.name == "operations.py" or path.parent.name == "operations"
        if in_operations or "migrations" in path.parts or path in ALLOWED_WRITERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        orm_names = _orm_names(tree, orm_words)
        relative = str(path.relative_to(SRC))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method, receiver = node.func.attr, node.func.value
            is_write = method in WRITES or (
                method in ORM_WRITES and _attrs_and_names(receiver) & (orm_words | orm_names)
            )
            if is_write and (relative, ast.unparse(node.func)) not in NOT_MODEL_WRITES:
                offenders.append(f"src/baomi/{relative}:{node.lineno}: {ast.unparse(node)[:80]}")
    return offenders


def test_state_changes_only_in_operations():
    """No ``.save()``, ``.create()``, ``.update()``, ``.delete()``, bulk writes or relation
    ``.add/.remove/.set/.clear`` outside operations.py, migrations and the audit recorder."""
    offenders = writes_outside_operations()
    assert not offenders, "writes outside operations.py:\n" + "\n".join(offenders)


def test_the_scan_finds_writes(tmp_path, monkeypatch):
    """The scan itself catches each kind of write (and leaves dicts and sets alone)."""
    bad = tmp_path / "baomi" / "web" / "views.py"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "def view(doc, Document, person):\n"
        "    doc.save()\n"
        "    Document.objects.create(title='x')\n"
        "    Document.objects.filter(pk=1).update(title='y')\n"
        "    rows = Document.objects.filter(pk=2)\n"
        "    rows.delete()\n"
        "    doc.scope_people.add(person)\n"
        "    for d in Document.objects.all():\n"
        "        d.scope_departments.clear()\n"
        "    seen = set()\n"
        "    seen.add(1)\n"
        "    params = {}\n"
        "    params.update(a=1)\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "baomi")
    lines = sorted(int(o.split(":")[1]) for o in writes_outside_operations())
    assert lines == [2, 3, 4, 6, 7, 9]


def direct_reads() -> list[str]:
    """Every ``.objects`` (a model's manager) in the pages, their forms and the API routes:
    every module of a ``web`` or ``api`` package of any app (the shell's and each domain's)."""
    paths = {
        *SRC.glob("*/web/**/*.py"),
        *SRC.glob("*/api/**/*.py"),
        *(SRC / "web").rglob("*.py"),
        *(SRC / "api").rglob("*.py"),
    }
    offenders = []
    for path in sorted(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [
            f"src/baomi/{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "objects"
        ]
    return offenders


def test_views_and_api_read_through_queries():
    """DESIGN.md: views and API read through the queries, which filter by what the asking
    person may know (CLS-MAC); they never call ``Model.objects`` themselves."""
    offenders = direct_reads()
    assert not offenders, "direct reads outside the queries:\n" + "\n".join(offenders)


def test_the_read_scan_finds_managers(tmp_path, monkeypatch):
    """The scan catches ``.objects`` in views, forms and API modules, and nowhere else."""
    for name in (
        "web/views/pages.py",
        "web/forms_x.py",
        "things/api/x.py",
        "things/web/pages.py",
        "things/queries.py",
    ):
        path = tmp_path / "baomi" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("def read(Document):\n    return Document.objects.all()\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "baomi")
    assert [o.split(":")[0] for o in direct_reads()] == [
        "src/baomi/things/api/x.py",
        "src/baomi/things/web/pages.py",
        "src/baomi/web/forms_x.py",
        "src/baomi/web/views/pages.py",
    ]


def test_imports_follow_the_layers():
    """import-linter's contract of pyproject.toml: core → audit → access → rulebook → org →
    accounts → approvals → carriers → web/api/cli, never backwards."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_name_rows_by_bounded_ids():
    """Every URL names a row as <id:…> (1 to 2**63-1): an <int:…> takes any number, and one
    beyond the database's integer overflows in the query (a 500, not a 404)."""
    unbounded = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in SRC.rglob("urls.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "<int:" in line
    ]
    assert not unbounded, unbounded


def test_an_id_beyond_the_database_is_no_page():
    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    assert resolve("/documents/12/").kwargs == {"document_id": 12}
    for number in (2**63, 10**30, 0):
        try:
            resolve(f"/documents/{number}/")
        except Resolver404:
            continue
        raise AssertionError(f"/documents/{number}/ resolved")
