from ninja import Router

router = Router(tags=["seals"])


@router.get("")
def seals(request) -> list[str]:
    return ["公章", "合同专用章"]


ROUTERS = [("/seals", router)]
