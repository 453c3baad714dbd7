from django.urls import path

from baomi.web.views import accounts, approvals, audit, auth, documents, home, org, rulebook

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.logout, name="logout"),
    path("documents/", documents.document_list, name="documents"),
    path("documents/register/", documents.document_register, name="document_register"),
    path("documents/<int:document_id>/", documents.document_detail, name="document"),
    path("approvals/", approvals.approval_list, name="approvals"),
    path("approvals/<int:request_id>/decide/", approvals.approval_decide, name="approval_decide"),
    path(
        "approvals/<int:request_id>/withdraw/",
        approvals.approval_withdraw,
        name="approval_withdraw",
    ),
    path("organisation/", org.organisation, name="org"),
    path("people/", org.people, name="people"),
    path("people/<int:person_id>/", org.person, name="person"),
    path("security-staff/", org.security_staff, name="security_staff"),
    path("security-staff/appoint/", org.appoint, name="appoint"),
    path("security-staff/<int:appointment_id>/end/", org.end_appointment, name="end_appointment"),
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/<int:account_id>/unlock/", accounts.account_unlock, name="account_unlock"),
    path("accounts/<int:account_id>/password/", accounts.account_password, name="account_password"),
    path(
        "accounts/<int:account_id>/deactivate/",
        accounts.account_deactivate,
        name="account_deactivate",
    ),
    path("audit/", audit.audit, name="audit"),
    path("audit/chain/", audit.audit_chain, name="audit_chain"),
    path("rulebook/", rulebook.rulebook, name="rulebook"),
    path("rulebook/<str:rule_id>/", rulebook.rule_edit, name="rule_edit"),
]
