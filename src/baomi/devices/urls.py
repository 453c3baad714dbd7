"""The pages of the equipment ledger and the equipment's care (RULES.md §7), included at the
site root; the URL names are the site's."""

from django.urls import path

from baomi.devices.web import care, checks, ledger, media, printing

urlpatterns = [
    # The equipment ledger (RULES.md §7)
    path("devices/", ledger.devices, name="devices"),
    path("devices/register/", ledger.asset_register, name="asset_register"),
    path("devices/import/", ledger.asset_import, name="asset_import"),
    path("devices/template.xlsx", ledger.asset_import_template, name="asset_import_template"),
    path("devices/<id:asset_id>/", ledger.asset, name="asset"),
    path("devices/<id:asset_id>/custodian/", ledger.asset_custodian, name="asset_custodian"),
    path("devices/<id:asset_id>/network/", ledger.asset_network, name="asset_network"),
    path("devices/<id:asset_id>/level/", ledger.asset_level, name="asset_level"),
    path("devices/<id:asset_id>/wireless/", ledger.asset_wireless, name="asset_wireless"),
    path(
        "devices/<id:asset_id>/sanitise/request/",
        media.sanitisation_request,
        name="sanitisation_request",
    ),
    path("devices/<id:asset_id>/sanitise/", media.sanitise, name="sanitise"),
    path("devices/<id:asset_id>/update/", ledger.asset_update, name="asset_update"),
    path("devices/<id:asset_id>/media-use/", media.media_use, name="media_use"),
    path("devices/alerts/", media.alerts, name="device_alerts"),
    path("devices/alerts/<id:alert_id>/resolve/", media.alert_resolve, name="alert_resolve"),
    path("devices/checks/", checks.device_checks, name="device_checks"),
    path("devices/checks/<id:check_id>/", checks.device_check, name="device_check"),
    path("devices/checks/<id:check_id>/observe/", checks.device_observe, name="device_observe"),
    path(
        "devices/checks/<id:check_id>/observe-list/",
        checks.device_observe_list,
        name="device_observe_list",
    ),
    path(
        "devices/checks/<id:check_id>/close/",
        checks.device_check_close,
        name="device_check_close",
    ),
    # The equipment's care (RULES.md §7): repairs, loans, disposal, antivirus, backups,
    # standalone processing, integrity reviews
    path("devices/care/", care.device_care, name="device_care"),
    path("devices/integrity/", care.integrity, name="device_integrity"),
    path(
        "devices/<id:asset_id>/repair/request/",
        care.repair_request,
        name="repair_request",
    ),
    path("devices/<id:asset_id>/repair/", care.repair_send, name="repair_send"),
    path(
        "devices/repairs/<id:repair_id>/return/",
        care.repair_return,
        name="repair_return",
    ),
    path("devices/<id:asset_id>/loan/request/", care.loan_request, name="loan_request"),
    path("devices/<id:asset_id>/loan/", care.loan_lend, name="loan_lend"),
    path("devices/loans/<id:loan_id>/return/", care.loan_return, name="loan_return"),
    path(
        "devices/<id:asset_id>/disposal/request/",
        care.disposal_request,
        name="disposal_request",
    ),
    path("devices/<id:asset_id>/dispose/", care.dispose, name="dispose"),
    path(
        "devices/disposals/<id:disposal_id>/witness/",
        care.disposal_witness,
        name="disposal_witness",
    ),
    path(
        "devices/disposals/<id:disposal_id>/paper-signature/",
        care.disposal_paper_signature,
        name="disposal_paper_signature",
    ),
    path(
        "devices/disposals/<id:disposal_id>/list.pdf",
        printing.destruction_list,
        name="print_disposal_list",
    ),
    path("devices/<id:asset_id>/antivirus/", care.antivirus, name="antivirus"),
    path("devices/<id:asset_id>/infection/", care.infection, name="infection"),
    path(
        "devices/infections/<id:infection_id>/clear/",
        care.infection_clear,
        name="infection_clear",
    ),
    path("devices/<id:asset_id>/backup/", care.backup, name="backup"),
    path(
        "devices/<id:asset_id>/standalone/request/",
        care.standalone_request,
        name="standalone_request",
    ),
    path(
        "devices/<id:asset_id>/standalone/",
        care.standalone_start,
        name="standalone_start",
    ),
    path(
        "devices/standalone/<id:use_id>/finish/",
        care.standalone_finish,
        name="standalone_finish",
    ),
    path("my-equipment/", ledger.my_equipment, name="my_equipment"),
]
