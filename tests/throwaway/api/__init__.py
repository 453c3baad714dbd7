from ninja import Router

router = Router(tags=["keys"])


@router.get("")
def keys(request) -> list[str]:
    return ["档案室钥匙", "文印室钥匙"]


ROUTERS = [("/keys", router)]
