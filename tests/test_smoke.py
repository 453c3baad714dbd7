from baomi.access.roles import Role
from baomi.carriers import operations, queries
from baomi.core.levels import Clearance, Level


def test_register_and_list(world):
    clerk = world.account(Role.CLERK, clearance=Clearance.IMPORTANT)
    doc = operations.register_document(
        actor=clerk, number="1", title="t", level=Level.SECRET, term_years=5
    )
    assert list(queries.documents(clerk)) == [doc]
    staff = world.account(Role.STAFF)
    assert list(queries.documents(staff)) == []
