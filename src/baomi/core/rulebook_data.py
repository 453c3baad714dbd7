"""Every rule of RULES.md (and the kernel's own authentication rules), as data."""

from baomi.core.rules import Kind, Param, Rule, Stricter

B, A, W, R, D, C, P = (
    Kind.BLOCK,
    Kind.APPROVE,
    Kind.WITNESS,
    Kind.RECORD,
    Kind.DEADLINE,
    Kind.CHECK,
    Kind.POLICY,
)
HIGHER, LOWER, SENIOR, NONE = Stricter.HIGHER, Stricter.LOWER, Stricter.SENIOR, Stricter.NONE


def _approval(*approvers: str, valid_days: int = 7) -> tuple[Param, Param]:
    """The two parameters of every APPROVE rule: who approves, and how long an approval lasts."""
    return (
        Param(
            "approvers",
            list,
            list(approvers),
            SENIOR,
            "审批人（角色，按顺序）",
            "Approvers (roles, in order)",
        ),
        Param(
            "valid_days",
            int,
            valid_days,
            LOWER,
            "批准的有效期（天）",
            "Days an approval stays valid",
            floor=None,  # the regulations set no term: one approval, one operation
            minimum=1,
            maximum=90,
        ),
    )


SECTIONS: dict[int, tuple[str, str]] = {
    0: ("账户与认证", "Accounts and authentication"),
    1: ("密级、定密与知悉范围", "Classification, levels and need-to-know"),
    2: ("拟稿、审核、签发与印制", "Drafting, approval and printing"),
    3: ("收文、发文与分送", "Incoming and outgoing documents"),
    4: ("传阅与使用", "Circulation and use"),
    5: ("复制、借阅、携带外出、传真与电报", "Reproduction, loans, carrying out, fax and telegrams"),
    6: ("清退、归档、销毁、移交与丢失", "Recall, archives, destruction, handover and loss"),
    7: ("计算机、移动存储介质与办公自动化设备", "Computers, media and office equipment"),
    8: ("涉密人员", "People with clearance"),
    9: ("保密责任书", "Responsibility letters and agreements"),
    10: ("涉密会议", "Classified meetings"),
    11: (
        "检查、事件、培训、宣传审查、来访、印信与经费",
        "Inspections, incidents, training, publicity review, visitors, seals and budget",
    ),
}

# The words of the sources that are not a seed clause (``P6.4``: 篇6, clause 四), in Chinese
# and English, for ``rules.source_text``; the longer phrase first.
SOURCE_TERMS: dict[str, tuple[str, str]] = {
    "law (2024 revision)": (
        "《中华人民共和国保守国家秘密法》（2024年修订）",
        "Law on Guarding State Secrets (2024 revision)",
    ),
    "law": ("《中华人民共和国保守国家秘密法》", "Law on Guarding State Secrets"),
    "baomi kernel": ("baomi 系统内核", "baomi's kernel"),
    "identity authentication": ("身份鉴别", "identity authentication"),
    "dual control": ("双人控制", "dual control"),
}

RULES: list[Rule] = [
    # 0. 账户与认证
    Rule(
        id="ROLE-SEPARATION",
        section=0,
        kinds=(B,),
        source="baomi kernel; BMB20 三员分立",
        title_zh="三员分立",
        title_en="Separation of the three administrators",
        text_zh=(
            "系统管理员、安全保密管理员、安全审计员三个角色相互独立，同一人不得兼任其中两个；"
            "系统中不设超级用户。系统管理员创建、停用账户并重置密码，不得授予角色；安全保密管理员"
            "授予角色和涉密等级；安全审计员监督二者。一人只有一个有效账户；任何人不得对本人的账户、"
            "角色、涉密等级或在职状态进行操作。"
        ),
        text_en=(
            "The system administrator, the security officer and the security auditor are "
            "separate roles: nobody holds two of them and no account is all-powerful. The "
            "system administrator creates and disables accounts and resets passwords but grants "
            "no role; the security officer grants roles and clearances; the auditor watches "
            "both. A person has one working account, and nobody acts on their own account, "
            "role, clearance or employment."
        ),
        enforced=True,
    ),
    Rule(
        id="AUTH-LOCKOUT",
        section=0,
        kinds=(B,),
        source="baomi kernel; GB BMB17 identity authentication",
        title_zh="登录失败锁定",
        title_en="Lockout after failed logins",
        text_zh=(
            "账户在15分钟内连续登录失败5次的，锁定30分钟；对已锁定账户、"
            "密码错误和用户不存在三种情形，系统给出相同的答复，不透露具体原因。"
        ),
        text_en=(
            "An account is locked for 30 minutes after 5 failed logins within 15 minutes; the "
            "answer to a locked account, a wrong password and an unknown user is the same (none "
            "of them reveals which it is)."
        ),
        params=(
            Param(
                "max_failures",
                int,
                5,
                LOWER,
                "锁定前允许的登录失败次数",
                "Failed logins allowed before the lock",
                minimum=1,
                maximum=100,
            ),
            Param(
                "window_minutes",
                int,
                15,
                HIGHER,
                "统计登录失败次数的时间窗口（分钟）",
                "Window in which failures are counted (minutes)",
                minimum=1,
                maximum=1440,
            ),
            Param(
                "lock_minutes",
                int,
                30,
                HIGHER,
                "锁定时长（分钟）",
                "How long the account stays locked (minutes)",
                minimum=1,
                maximum=1440,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="AUTH-SESSION",
        section=0,
        kinds=(B,),
        source="baomi kernel; GB BMB17 identity authentication",
        title_zh="会话时限",
        title_en="Session time limits",
        text_zh="会话空闲10分钟即自动终止；任何会话自登录起最长保持8小时，期满即终止，须重新认证。",
        text_en=(
            "An idle session ends after 10 minutes; every session ends 8 hours after login, "
            "however active."
        ),
        params=(
            Param(
                "idle_minutes",
                int,
                10,
                LOWER,
                "空闲会话终止时限（分钟）",
                "Idle time after which a session ends (minutes)",
                minimum=1,
                maximum=1440,
            ),
            Param(
                "max_hours",
                int,
                8,
                LOWER,
                "会话最长时限（小时）",
                "Longest session (hours)",
                minimum=1,
                maximum=24,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="ADMIN-DUAL",
        section=0,
        kinds=(B,),
        source="baomi kernel; BMB20 三员分立, dual control",
        title_zh="三员变更双人控制",
        title_en="Dual control over the three administrators",
        text_zh=(
            "授予或撤销系统管理员、安全保密管理员、安全审计员角色，以及重置其密码，须经三员中"
            "另一人同意后方可执行；使本单位失去安全保密管理员或安全审计员的变更不予执行。"
        ),
        text_en=(
            "Granting or taking away the role of system administrator, security officer or "
            "auditor, and resetting their passwords, is carried out only once a second of the "
            "three administrators agrees; a change that would leave the organisation without a "
            "security officer or an auditor is refused."
        ),
        params=(
            Param(
                "valid_hours",
                int,
                24,
                LOWER,
                "待同意的变更的有效期（小时）",
                "Hours a change waits for agreement",
                minimum=1,
                maximum=168,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="AUTH-PASSWORD",
        section=0,
        kinds=(B,),
        source="baomi kernel; GB/T 22239 等保三级 identity authentication",
        title_zh="密码强度与一次性密码",
        title_en="Password strength and one-time passwords",
        text_zh=(
            "密码长度不少于10位，至少包含大写字母、小写字母、数字、特殊字符中的三类，不得包含"
            "用户名，不得由同一字符组成。由他人设置的密码为一次性密码：账户登录后须先修改密码，"
            "修改前不能进行其他操作。"
        ),
        text_en=(
            "A password has at least 10 characters from at least three of upper case, lower "
            "case, digits and symbols, does not contain the login name and is not one character "
            "repeated. A password set by anyone but the account holder is one-time: the account "
            "can do nothing until its holder changes it."
        ),
        params=(
            Param(
                "min_length",
                int,
                10,
                HIGHER,
                "密码最小长度",
                "Shortest password",
                minimum=1,
                maximum=128,
            ),
            Param(
                "min_classes",
                int,
                3,
                HIGHER,
                "密码至少包含的字符类别数",
                "Character classes a password needs",
                minimum=1,
                maximum=4,
            ),
        ),
        enforced=True,
    ),
    # 1. 密级、定密与知悉范围
    Rule(
        id="CLS-LEVELS",
        section=1,
        kinds=(P,),
        source="P9.1.3, P10 §11, P11 (一)1",
        title_zh="密级划分",
        title_en="Classification levels",
        text_zh=(
            "密级由低到高依次为：公开、内部、秘密、机密、绝密。内部及以上各级均为受控事项，"
            "依照本制度管理。"
        ),
        text_en=(
            "Levels, low to high: 公开 PUBLIC, 内部 INTERNAL, 秘密 CONFIDENTIAL, 机密 SECRET, "
            "绝密 TOP_SECRET. Only INTERNAL and above are controlled items."
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-MARK",
        section=1,
        kinds=(B,),
        source="P6.2, P11 (一)3(2), P15 一.4",
        title_zh="密级标志",
        title_en="Marking of controlled items",
        text_zh=(
            "一切受控事项自拟稿或登记之时起，必须准确标明密级、保密期限和知悉范围（发放范围）；"
            "未标明密级的，不予登记。"
        ),
        text_en=(
            "Every controlled item carries its level, its protection term (保密期限) and its "
            "need-to-know scope (知悉范围/发放范围) from the moment it is drafted or "
            "registered; an item without a level cannot be registered."
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-TERM",
        section=1,
        kinds=(D, A, B),
        source="law; P10 §33(4)",
        title_zh="保密期限",
        title_en="Protection terms",
        text_zh=(
            "保密期限默认为：绝密级不超过三十年，机密级不超过二十年，秘密级不超过十年。"
            "保密期限届满的，系统提示进行解密审查；解密、降密须经批准作出决定，并留存审计记录。"
        ),
        text_en=(
            "Default protection terms: TOP_SECRET ≤ 30 years, SECRET ≤ 20, CONFIDENTIAL ≤ 10; "
            "when the term ends the item is flagged for declassification review (解密审查). "
            "Declassify/downgrade is an approved, audited decision."
        ),
        params=(
            Param(
                "max_years_top_secret",
                int,
                30,
                LOWER,
                "绝密级最长保密期限（年）",
                "Longest term for TOP_SECRET (years)",
                minimum=1,
                maximum=100,
            ),
            Param(
                "max_years_secret",
                int,
                20,
                LOWER,
                "机密级最长保密期限（年）",
                "Longest term for SECRET (years)",
                minimum=1,
                maximum=100,
            ),
            Param(
                "max_years_confidential",
                int,
                10,
                LOWER,
                "秘密级最长保密期限（年）",
                "Longest term for CONFIDENTIAL (years)",
                minimum=1,
                maximum=100,
            ),
            *_approval("organisation_head"),
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-SCOPE-RANK",
        section=1,
        kinds=(P, B),
        source="P10 §15–17",
        title_zh="按职级定知悉范围",
        title_en="Need-to-know scope by rank",
        text_zh=(
            "各密级默认知悉范围为：绝密级，董事会成员、总经理、监事会成员；机密级，总监（助理）"
            "级别以上干部；秘密级，部门经理级别以上干部。各密级均另包括与该事项有直接关系的工作"
            "人员。"
        ),
        text_en=(
            "Default knowledge scope by rank: TOP_SECRET → board members, general manager, "
            "supervisory board; SECRET → director (总监/助理) and above; CONFIDENTIAL → "
            "department manager and above; plus, at every level, people named as directly "
            "related to the item."
        ),
        params=(
            Param(
                "floor_top_secret",
                str,
                "supervisor",
                SENIOR,
                "可知悉绝密级事项的最低职级",
                "Lowest rank that may know TOP_SECRET items",
            ),
            Param(
                "floor_secret",
                str,
                "director",
                SENIOR,
                "可知悉机密级事项的最低职级",
                "Lowest rank that may know SECRET items",
            ),
            Param(
                "floor_confidential",
                str,
                "manager",
                SENIOR,
                "可知悉秘密级事项的最低职级",
                "Lowest rank that may know CONFIDENTIAL items",
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-MAC",
        section=1,
        kinds=(B,),
        source="P7 一(二)(三), P15 一.2, P14.3",
        title_zh="知悉控制",
        title_en="Clearance and need-to-know",
        text_zh=(
            "人员的涉密等级不低于事项的密级，且属于该事项的知悉范围（经指名，"
            "或按事项规定的部门、职级）的，方可知悉该事项，包括其标题。列表、检索、统计、"
            "导出及接口应答均须遵守本条。"
        ),
        text_en=(
            "A person may see an item (even its title) only if their clearance ≥ the item's "
            "level AND they are inside its need-to-know scope (named, or by department/rank as "
            "the item says). Lists, searches, counts, exports and API answers obey this too."
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-REVIEW",
        section=1,
        kinds=(D,),
        source="law (2024 revision)",
        title_zh="定密审查",
        title_en="Annual classification review",
        text_zh=(
            "对所有定密事项每年进行一次定密审查，作出维持、降密、解密或者变更保密期限的决定；"
            "逾期未审查的，系统予以提示。"
        ),
        text_en=(
            "Every classified item is reviewed once a year (定密审查): keep, downgrade, "
            "declassify or change term; items not reviewed on time are flagged."
        ),
        params=(
            Param(
                "interval_days",
                int,
                365,
                LOWER,
                "两次定密审查的最长间隔（天）",
                "Longest interval between reviews (days)",
                minimum=1,
                maximum=3650,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-DERIVE",
        section=1,
        kinds=(B,),
        source="law",
        title_zh="派生定密",
        title_en="Derived classification",
        text_zh=(
            "摘录、摘编、汇编涉密事项形成的事项，按其来源中最高的密级和最长的保密期限确定密级和"
            "保密期限。"
        ),
        text_en=(
            "An excerpt, extract or compilation takes the highest level and the longest term of "
            "its sources (派生定密)."
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-NOTIFY",
        section=1,
        kinds=(R,),
        source="law",
        title_zh="变更通知",
        title_en="Notice of changes",
        text_zh=(
            "事项的密级、保密期限或者知悉范围发生变更的，应当及时通知所有持有或者已知悉该事项的"
            "人员。"
        ),
        text_en=(
            "When an item's level, term or scope changes, everyone who holds or has known it is "
            "notified."
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-NO-WIDEN",
        section=1,
        kinds=(A, B),
        source="P14.3, P15 一.2",
        title_zh="不得扩大知悉范围",
        title_en="No silent widening of scope",
        text_zh="绝密级事项未经发文单位批准，不得扩大阅读范围；任何事项的知悉范围均不得擅自扩大。",
        text_en=(
            "The scope of a TOP_SECRET item may not be widened without approval of its issuer; "
            "no item's scope is widened silently."
        ),
        params=(
            *_approval("issuer"),
            Param(
                "min_level",
                int,
                4,
                LOWER,
                "扩大知悉范围须经批准的最低密级（4为绝密）",
                "Lowest level whose scope needs approval to widen (4 = TOP_SECRET)",
                minimum=1,
                maximum=4,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-CATALOG",
        section=1,
        kinds=(P,),
        source="P10 §5–14, P9.4",
        title_zh="保密事项范围",
        title_en="Catalogue of secret matters",
        text_zh=(
            "单位制定保密事项范围目录，分级列举示例：配方、成本、发展战略、"
            "正式合同和协议等为绝密级；薪金制度、财务报告、保险柜及微机开启密码、"
            "尚未确定的重要人事调整等为机密级；市场调查、广告企划方案、检查结果等为秘密级。"
            "拟制事项时提供该目录供参照。"
        ),
        text_en=(
            "The organisation keeps a catalogue of what is secret (保密事项范围) with examples "
            "per level (formulas, costs, strategy, contracts → TOP_SECRET; pay, financial "
            "reports, passwords, pending personnel changes → SECRET; market research, ad plans, "
            "inspection results → CONFIDENTIAL); drafting an item offers that catalogue."
        ),
        enforced=True,
    ),
    Rule(
        id="CLS-CENTRAL-DOCS",
        section=1,
        kinds=(P,),
        source="P7 二(一)3",
        title_zh="中央文件管理",
        title_en="Central party committee documents",
        text_zh="无密级的中共中央文件作密件保管，与一般文件分开存放。",
        text_en=(
            "Unclassified documents of the central party committee are handled as secret items "
            "and stored apart from ordinary documents."
        ),
        enforced=True,
    ),
    # 2. 拟稿、审核、签发与印制
    Rule(
        id="DRAFT-FORM",
        section=2,
        kinds=(R,),
        source="P1 一(二)",
        title_zh="公文拟稿",
        title_en="Draft form",
        text_zh=(
            "起草文件一律使用公文拟稿纸，正确拟定文件标题、主送和抄送机关、密级、是否公开、"
            "主题词及承办科室。"
        ),
        text_en=(
            "A draft records: title, to (主送), cc (抄送), level, public or not, subject words "
            "(主题词), drafting department."
        ),
        enforced=True,
    ),
    Rule(
        id="DRAFT-CHAIN",
        section=2,
        kinds=(A, B),
        source="P1 一(四), P10 §27(一)",
        title_zh="审核签发",
        title_en="Review and sign-off chain",
        text_zh=(
            "拟文由承办科室负责人审核（规范性文件在科室审核后，再由办公室和法规科共同审核），"
            "交分管领导审核，由单位主要负责人签发。审核签发流程可按单位实际配置。"
        ),
        text_en=(
            "A draft is reviewed by the drafting department's head, then (for normative "
            "documents) jointly by the general office and the legal section, then by the leader "
            "in charge, and signed off (签发) by the head of the organisation. The chain is a "
            "configurable workflow."
        ),
        params=(*_approval("department_head", "leader_in_charge", "organisation_head"),),
        enforced=True,
    ),
    Rule(
        id="PRINT-APPROVE",
        section=2,
        kinds=(A, B),
        source="P6.2, P7 二(二)1, P10 §27, P11 (一)3(2)",
        title_zh="印制审批",
        title_en="Approval to print",
        text_zh="印制涉密文件须经领导签批，并确定文件编号、密级、发放范围、印制份数和清退时间。",
        text_en=(
            "Printing a classified document needs leader sign-off that fixes: document number, "
            "level, distribution scope, number of copies, recall date (清退时间)."
        ),
        params=(*_approval("leader_in_charge"),),
        enforced=True,
    ),
    Rule(
        id="PRINT-COUNT",
        section=2,
        kinds=(B,),
        source="P11 (一)3(3), P15 四.2, P15 四.4, law",
        title_zh="按数印制",
        title_en="Exact print count",
        text_zh="严格按照批准的份数印制，每份标注份号（共m份之第n份），不得擅自多印留存。",
        text_en=(
            "Exactly the approved number of copies is produced; each copy gets a copy number "
            '(份号, "copy n of m"); no extra copies.'
        ),
        enforced=True,
    ),
    Rule(
        id="PRINT-WASTE",
        section=2,
        kinds=(R,),
        source="P7 二(二)2, P10 §27(三), P11 (一)3(3), P15 四.2",
        title_zh="废页销毁",
        title_en="Print waste",
        text_zh=(
            "印制涉密文件过程中形成的废页、清样、衬纸、废件等应当及时销毁并登记；"
            "电脑存盘应当消除或者加密保存。"
        ),
        text_en=(
            "Waste pages, proofs and spoiled prints of a classified print run are recorded as "
            "destroyed; the electronic master is deleted or kept encrypted."
        ),
        enforced=True,
    ),
    Rule(
        id="PRINT-REGISTER",
        section=2,
        kinds=(R,),
        source="P10 §27(二)",
        title_zh="打印登记",
        title_en="Print register",
        text_zh="打印部门做好登记，记载每次印制的打印人员和校对人员姓名。",
        text_en="The print register records who printed and who proofread each run.",
        enforced=True,
    ),
    Rule(
        id="PRINT-PLACE",
        section=2,
        kinds=(B,),
        source="P1 二(二), P10 §27(二), P15 四.1",
        title_zh="指定印制",
        title_en="Designated printing",
        text_zh=(
            "打印秘密、机密、绝密文件，应由指定专人在规定的涉密计算机上进行（单位可规定由总经理"
            "办公室统一打印）；确需到外印刷的，须经单位主要负责人批准。"
        ),
        text_en=(
            "Classified printing is done by designated people on a designated classified "
            "computer (and, in P10, only by the general manager's office); printing outside "
            "needs the head's approval."
        ),
        params=(*_approval("organisation_head"),),
        enforced=True,
    ),
    # 3. 收文、发文与分送
    Rule(
        id="IN-SAMEDAY",
        section=3,
        kinds=(D,),
        source="P7 二(一)1",
        title_zh="当日登记",
        title_en="Same-day registration",
        text_zh="收到文件和信件启封后，当天登记。",
        text_en="An incoming document is registered on the day it is opened.",
        params=(
            Param(
                "register_days",
                int,
                0,
                LOWER,
                "启封后须登记的期限（天，0为当天）",
                "Days after opening to register (0 = same day)",
                minimum=0,
                maximum=30,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="IN-NUMBER",
        section=3,
        kinds=(B,),
        source="P7 二(一)1",
        title_zh="收文编号",
        title_en="Incoming register numbers",
        text_zh=(
            "收文按年度编排顺序号，密件与一般文件分类登记、分别编号；编号连续、不得空号，"
            "不得重复使用，同时登记时亦然。同一来文单位的同一文号一年内只登记一次，"
            "确属再次收到的，由登记人确认后登记并注明。"
        ),
        text_en=(
            "Incoming items get a sequential register number per year, kept separately for "
            "classified and general items; numbers are gapless and never reused, even under "
            "concurrent registration. A document number from one issuer is registered once a "
            "year; a second receipt of it only when the registering clerk confirms it, and the "
            "register line says so."
        ),
        enforced=True,
    ),
    Rule(
        id="IN-ROUTE",
        section=3,
        kinds=(D, R),
        source="P7 二(一)1",
        title_zh="呈批传阅",
        title_en="Routing slip",
        text_zh=(
            "收文贴上文件呈批传阅笺，于当天或者第二天送办公室主任阅批，"
            "并根据办公室主任提出的呈送意见，分别送有关领导和科室阅办。"
        ),
        text_en=(
            "A routing slip (呈批传阅笺) goes with the item to the office director the same or "
            "next day; the director's instructions decide who reads it."
        ),
        params=(
            Param(
                "route_days",
                int,
                1,
                LOWER,
                "登记后送办公室主任阅批的期限（天）",
                "Days after registration to reach the office director",
                minimum=0,
                maximum=30,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="IN-URGENT",
        section=3,
        kinds=(D,),
        source="P7 二(一)2",
        title_zh="急件随收随送",
        title_en="Urgent items",
        text_zh=(
            "凡是急件、特急件、会议通知或者时间性较强的文件，必须随收随送；"
            "其他文件亦要抓紧传阅，一般不超过一星期传阅完。"
        ),
        text_en=(
            "Urgent items (急件, 特急, meeting notices) are delivered at once; other "
            "circulation finishes within one week."
        ),
        params=(
            Param(
                "normal_days",
                int,
                7,
                LOWER,
                "非急件传阅完毕的期限（天）",
                "Days to finish circulating non-urgent items",
                minimum=0,
                maximum=60,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="OUT-CHECK",
        section=3,
        kinds=(B,),
        source="P7 二(三)1, P7 二(三)3, P10 §28",
        title_zh="发文核对",
        title_en="Dispatch check",
        text_zh=(
            "文件印好分发前，要检查分发份数与实印份数（扣除留存份数）是否相符，"
            "收文单位是否与批准的发放范围一致；不相符的，不得分发。"
        ),
        text_en=(
            "Before dispatch, the number of copies sent must equal the number printed minus "
            "those kept, and recipients must match the approved distribution scope."
        ),
        enforced=True,
    ),
    Rule(
        id="OUT-ENVELOPE",
        section=3,
        kinds=(R,),
        source="P7 二(三)2",
        title_zh="信封标注",
        title_en="Envelope marking",
        text_zh=(
            "秘密、机密、绝密和急件、特急件、亲收件要在信封上标明；"
            "同一信封内装有几份不同文号文件的，必须在信封上逐一标明文号。"
        ),
        text_en=(
            "Envelopes carry level, urgency and 亲收 (addressee only) marks, and list every "
            "document number inside."
        ),
        enforced=True,
    ),
    Rule(
        id="OUT-SIGN",
        section=3,
        kinds=(R, B),
        source="P7 二(三)4, P10 §28(三), P15 五.2",
        title_zh="收发签收",
        title_en="Signed receipt",
        text_zh=(
            "收发文均要办好签收手续；保密文件只能交由部门负责人或者其指定人员签收，"
            "不得交给其他人员。"
        ),
        text_en=(
            "Every receipt and every dispatch is signed for (签收) by the recipient; classified "
            "items only by the department head or their designee."
        ),
        enforced=True,
    ),
    Rule(
        id="OUT-COURIER",
        section=3,
        kinds=(B,),
        source="P10 §28(五), P14.8, P15 五.3–4",
        title_zh="专人传递",
        title_en="Designated couriers",
        text_zh=(
            "发送保密文件应由指定专人负责，严禁让未转正员工发送；禁止通过普通邮政传递，"
            "不准委托其他人员捎带。"
        ),
        text_en=(
            "Classified items are carried by designated couriers (not probationary staff), "
            "never by ordinary post or via a third person."
        ),
        enforced=True,
    ),
    Rule(
        id="OUT-SEAL",
        section=3,
        kinds=(R,),
        source="P1 三",
        title_zh="盖印存档",
        title_en="Sealing and file copy",
        text_zh="文件由办公室盖印后按发文范围分送，并留存一份归档。",
        text_en=(
            "Outgoing documents are sealed by the general office before distribution and a file "
            "copy is archived."
        ),
        enforced=True,
    ),
    # 4. 传阅与使用
    Rule(
        id="CIRC-DIRECT",
        section=4,
        kinds=(B,),
        source="P11 (一)3(5), P15 一.3",
        title_zh="直传方式",
        title_en="Direct circulation",
        text_zh=(
            "传阅文件一律采取直传方式，由文件保管人员送阅，阅后交回，再送下一阅文人；"
            "阅文人之间不得横向传阅。"
        ),
        text_en=(
            "Circulation is direct: custodian → reader → custodian → next reader. A reader may "
            "never hand an item to another reader (no horizontal passing, 不得横向传阅)."
        ),
        enforced=True,
    ),
    Rule(
        id="CIRC-SIGN",
        section=4,
        kinds=(R,),
        source="P11 (一)3(5), P15 六.2",
        title_zh="传阅签名",
        title_en="Circulation register",
        text_zh="阅文人须在《文件发放登记表》上签名，并记载接收和交回时间。",
        text_en=(
            "Each reader signs the circulation register (文件发放登记表) with time of receipt "
            "and return."
        ),
        enforced=True,
    ),
    Rule(
        id="CIRC-SAMEDAY",
        section=4,
        kinds=(D,),
        source="P7 二(一)3, P14.3",
        title_zh="当日交回",
        title_en="Same-day return",
        text_zh="凡是秘密以上的文件（尤其是绝密文件），必须在当天内阅读，下班前交回文件保管处。",
        text_en=(
            "CONFIDENTIAL-and-above items (秘密以上; P14 stresses TOP_SECRET) are read the same "
            "day and returned to the custodian before the end of the working day."
        ),
        params=(
            Param(
                "min_level",
                int,
                2,
                LOWER,
                "须当日交回的最低密级（2为秘密）",
                "Lowest level that must be returned the same day (2 = CONFIDENTIAL)",
                minimum=1,
                maximum=4,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="CIRC-OFFICE",
        section=4,
        kinds=(C,),
        source="P1 三.2, P3.9, P7 二(一)4, P15 七.11",
        title_zh="文件存放",
        title_en="Safe keeping in the office",
        text_zh=(
            "离开办公室时，桌上不得存放涉密文件；涉密文件应当放入加锁的保密柜，"
            "下班后文件柜和办公桌要上锁。"
        ),
        text_en=(
            "No classified item is left on a desk or in an unlocked office; items are kept in "
            "locked secure cabinets."
        ),
        enforced=True,
    ),
    Rule(
        id="CIRC-MEETING-RETURN",
        section=4,
        kinds=(D,),
        source="P15 一.7",
        title_zh="会议文件交回",
        title_en="Return of meeting documents",
        text_zh="个人外出开会带回的会议秘密文件，阅办完后应及时交送文件保管人员保管。",
        text_en=(
            "Items brought back from outside meetings are handed to the custodian after reading."
        ),
        enforced=True,
    ),
    Rule(
        id="CIRC-NO-KEEP",
        section=4,
        kinds=(D,),
        source="P12.3, P15 六.4",
        title_zh="不得私存",
        title_en="No private keeping",
        text_zh="任何人不得私自留存或者长时间保存秘密文件；阅办完的秘密文件应及时清退归档。",
        text_en=(
            "Nobody keeps classified items privately or for long; items are returned and "
            "archived promptly."
        ),
        enforced=True,
    ),
    # 5. 复制、借阅、携带外出、传真与电报
    Rule(
        id="COPY-APPROVE",
        section=5,
        kinds=(A, R),
        source="P6.4, P7 四.1–2, P10 §29, P12.6, P14.4",
        title_zh="复制审批",
        title_en="Approval to reproduce",
        text_zh=(
            "翻印、复印、摘抄秘密、机密级文件，须经发文单位或者本单位领导批准（单位可规定由总经"
            "理批准），并办理登记，注明复制份数。"
        ),
        text_en=(
            "Reproducing (复印/翻印/摘抄) a CONFIDENTIAL or SECRET item needs approval (issuer "
            "or own leader; P10: general manager) and a register entry with the number of "
            "copies."
        ),
        params=(
            *_approval("department_head"),
            Param(
                "min_level",
                int,
                2,
                LOWER,
                "复制须经批准的最低密级（2为秘密）",
                "Lowest level whose reproduction needs approval (2 = CONFIDENTIAL)",
                minimum=1,
                maximum=4,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="COPY-TS",
        section=5,
        kinds=(B,),
        source="P6.4, P14.3",
        title_zh="绝密不得复制",
        title_en="No copies of top-secret items",
        text_zh="绝密文件不得翻印、复印和摘抄；确需复制的，须经发文单位批准。",
        text_en=(
            "A TOP_SECRET item may not be reproduced or excerpted (except with the issuer's "
            "approval)."
        ),
        params=(*_approval("issuer"),),
        enforced=True,
    ),
    Rule(
        id="COPY-AS-ORIGINAL",
        section=5,
        kinds=(B,),
        source="P6.4, P7 四.2",
        title_zh="复制件按原件管理",
        title_en="Copies managed as originals",
        text_zh="复制件按原件管理，其密级、知悉范围及管理要求与原件相同，并与原件相关联。",
        text_en=(
            "A copy is a controlled item with the same level, scope and rules as its original, "
            "linked to it."
        ),
        enforced=True,
    ),
    Rule(
        id="COPY-OUTSIDE",
        section=5,
        kinds=(B,),
        source="P6.4",
        title_zh="禁止外出复印",
        title_en="No reproduction outside",
        text_zh="禁止将秘密文件、资料拿到社会上去复印。",
        text_en="Classified items are never reproduced outside the organisation (copy shops).",
        enforced=True,
    ),
    Rule(
        id="LOAN-APPROVE",
        section=5,
        kinds=(A, R),
        source="P10 §30, P15 一.6",
        title_zh="借阅审批",
        title_en="Approval to borrow",
        text_zh=(
            "借阅保密文件必须经借阅方、提供方领导签字批准，提供方加以专项登记；"
            "借阅人员不得摘抄、复印，不得向无关人员透露或者转借。"
        ),
        text_en=(
            "Borrowing (借阅) a classified item needs approval by the leaders of both the "
            "borrowing and the lending side, and a register entry; the borrower may not copy, "
            "excerpt or pass it on."
        ),
        params=(*_approval("department_head", "lender_department_head"),),
        enforced=True,
    ),
    Rule(
        id="LOAN-DUE",
        section=5,
        kinds=(D,),
        source="P12.3",
        title_zh="按期归还",
        title_en="Loan due dates",
        text_zh="借阅须确定归还期限，按时归还；逾期未还的，系统予以提示。",
        text_en="Every loan has a due date; overdue loans are flagged.",
        params=(
            Param(
                "max_days",
                int,
                30,
                LOWER,
                "最长借阅期限（天）",
                "Longest loan period (days)",
                floor=None,
                minimum=1,
                maximum=365,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="CARRY-APPROVE",
        section=5,
        kinds=(A, B),
        source="P6.3, P14.3",
        title_zh="携带外出审批",
        title_en="Approval to carry out",
        text_zh=(
            "外出工作需携带秘密文件、资料的，须经领导批准，且妥善保管；绝密文件、"
            "资料原则上不准携带外出，确需携带的，须经本单位主要领导批准。"
        ),
        text_en=(
            "Taking a classified item out of the office needs leader approval; TOP_SECRET items "
            "in principle never leave, and only with the head of the organisation's approval."
        ),
        params=(
            *_approval("leader_in_charge"),
            Param(
                "top_secret_approvers",
                list,
                ["organisation_head"],
                SENIOR,
                "携带绝密件外出的审批人",
                "Approvers for carrying TOP_SECRET items out",
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="CARRY-ABROAD",
        section=5,
        kinds=(A, B),
        source="P15 七.9, P15 六.6",
        title_zh="携带出境",
        title_en="Taking items abroad",
        text_zh=(
            "不得携带秘密文件、资料出境或者参加外事活动；确因工作需要携带的，"
            "应当按照国家秘密文件、资料和其他物品出境的管理规定办理审批手续。"
        ),
        text_en=(
            "Classified items are not taken abroad or to foreign-affairs events except under "
            "the export procedure for secret items, approved."
        ),
        params=(*_approval("organisation_head"),),
        enforced=True,
    ),
    Rule(
        id="FAX-NO-PUBLIC",
        section=5,
        kinds=(B,),
        source="P6.6, P10 §31, P15 五.5",
        title_zh="禁用公共通信",
        title_en="No public channels",
        text_zh="不得通过公用传真机、明传电报、普通电话、电子邮件或者互联网传递秘密事项。",
        text_en=(
            "Classified items are never sent over public fax, plain telegram, ordinary phone, "
            "email or internet."
        ),
        enforced=True,
    ),
    Rule(
        id="FAX-REGISTER",
        section=5,
        kinds=(R,),
        source="P10 §31",
        title_zh="传真登记",
        title_en="Fax register",
        text_zh="收发传真件应做好登记；保密传真件收件人只能为部门主管负责人或者其指定人员。",
        text_en=(
            "Every fax sent or received is registered; classified faxes go only to the "
            "department head or designee."
        ),
        enforced=True,
    ),
    Rule(
        id="CIPHER",
        section=5,
        kinds=(B,),
        source="P6.5, P14.8",
        title_zh="密码电报",
        title_en="Cipher telegrams",
        text_zh=(
            "严禁自行复制（印）密码电报；摘录密码电报要指定专人负责；"
            "禁止用机要信件或者平信邮寄密码电报，禁止将密码电报原文印成文件下发，"
            "禁止携带密码电报外出；回复密码电报坚持“密来密去”的原则。"
        ),
        text_en=(
            "Cipher telegrams: no self-made copies; excerpts by a designated person; never "
            "mailed, printed into documents or carried out; a cipher message is answered only "
            "by cipher (密来密去)."
        ),
        enforced=True,
    ),
    # 6. 清退、归档、销毁、移交与丢失
    Rule(
        id="RECALL-DUE",
        section=6,
        kinds=(D,),
        source="P7 二(一)6, P11 (一)3(2)",
        title_zh="按期清退",
        title_en="Recall by due date",
        text_zh=(
            "标有清退时间的文件，应当在规定时间前清退发文单位；系统按持有人列出到期和逾期未清退"
            "的文件。"
        ),
        text_en=(
            "Items with a recall date (清退时间) return to their issuer by that date; the "
            "system lists what is due and overdue, per holder."
        ),
        enforced=True,
    ),
    Rule(
        id="ARCH-FILE",
        section=6,
        kinds=(R,),
        source="P7 二(一)5, P12.1",
        title_zh="立卷归档",
        title_en="Filing into archives",
        text_zh="办理完毕的文件应当立卷归档；档案材料一律由单位集中统一管理，任何人不得据为己有。",
        text_en=(
            "Finished items are filed into archive volumes (立卷归档); archives are centrally "
            "held, nobody keeps them privately."
        ),
        enforced=True,
    ),
    Rule(
        id="ARCH-ACCESS",
        section=6,
        kinds=(A, R, B),
        source="P7 二(一)5, P10 §33, P15 二",
        title_zh="档案查阅",
        title_en="Access to archives",
        text_zh=(
            "查阅档案须填写申请（外单位须持介绍信，注明查阅内容），经批准并登记；"
            "只许查阅登记范围；查阅秘密档案须经办公室主任批准；查阅须在档案室（查档室）进行，"
            "案卷除经领导批准者外，不许带出。"
        ),
        text_en=(
            "Consulting archives needs an application (outside units: an introduction letter "
            "stating what they seek), approval, and a register entry; only the registered scope "
            "may be read; classified archives need the office director's approval; reading "
            "happens in the archive room; nothing leaves except with a leader's approval."
        ),
        params=(*_approval("office_director"),),
        enforced=True,
    ),
    Rule(
        id="ARCH-EXCERPT",
        section=6,
        kinds=(R,),
        source="P15 二.3",
        title_zh="摘抄审核",
        title_en="Checked excerpts",
        text_zh="从档案中摘抄的有关内容经审核无误后，方可盖章带出，并予登记。",
        text_en="Excerpts from archives are checked and stamped before they leave.",
        enforced=True,
    ),
    Rule(
        id="DESTROY-APPROVE",
        section=6,
        kinds=(A, R, B),
        source="P6.2, P10 §33(5), P12.4",
        title_zh="销毁审批",
        title_en="Approval to destroy",
        text_zh="销毁涉密载体须经领导批准（过期档案由总经理签字批准），并在销毁登记簿上逐件登记。",
        text_en=(
            "Destroying classified items needs leader approval (expired archives: general "
            "manager), item by item in the destruction register."
        ),
        params=(
            *_approval("leader_in_charge"),
            Param(
                "archive_approvers",
                list,
                ["organisation_head"],
                SENIOR,
                "销毁过期档案的审批人",
                "Approvers for destroying expired archives",
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="DESTROY-WITNESS",
        section=6,
        kinds=(W, B),
        source="P6.2, P10 §33(5), P12.4",
        title_zh="两人监销",
        title_en="Supervised destruction",
        text_zh="销毁涉密载体须有二人以上监销，监销人姓名予以登记。",
        text_en="At least two people supervise every destruction (监销); their names are recorded.",
        params=(
            Param(
                "min_witnesses",
                int,
                2,
                HIGHER,
                "监销人最少人数",
                "Least number of supervisors",
                minimum=0,
                maximum=10,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="DESTROY-PLACE",
        section=6,
        kinds=(R, B),
        source="P1 三.3, P7 二(一)6, P12.5, P15 六.5",
        title_zh="定点销毁",
        title_en="Designated destruction",
        text_zh=(
            "涉密载体统一送到定点纸厂化浆，或者在指定场所以碎纸、焚毁方式销毁；"
            "严禁作为废品出售，不准作废纸包物品。"
        ),
        text_en=(
            "Destruction is done at the designated facility (定点化浆/碎纸/焚毁); never sold as "
            "waste paper or used as wrapping."
        ),
        enforced=True,
    ),
    Rule(
        id="HANDOVER",
        section=6,
        kinds=(B, R),
        source="P3.1, P10 §26, P11 (一)3(6), P15 六.10",
        title_zh="离岗交接",
        title_en="Handover on leaving a post",
        text_zh=(
            "文件保管人员及其他工作人员调动或者离职时，必须将本人保管的全部秘密文件清理登记、"
            "造册移交，经双方签字并由主管领导签字；手续未交接清楚的，不得办理离岗。"
        ),
        text_en=(
            "When a custodian or any staff member changes post or leaves, every item they hold "
            "is inventoried and handed over, signed by both sides and approved by their leader; "
            "a person cannot be marked as left while they still hold items."
        ),
        params=(*_approval("department_head"),),
        enforced=True,
    ),
    Rule(
        id="LOSS-REPORT",
        section=6,
        kinds=(R, D),
        source="P3.1, P6.13, P10 §22, P15 六.9",
        title_zh="失泄密报告",
        title_en="Reporting loss or leaks",
        text_zh=(
            "发现秘密文件丢失或者泄密的，应当立即报告（二十四小时内书面报告），"
            "采取补救措施并登记，开展追查（三个月内得出调查结果），并向上级报告；"
            "不准隐瞒泄密事件。"
        ),
        text_en=(
            "A missing or leaked item is reported at once (in writing within 24 hours), "
            "remedies are recorded, the incident is investigated (result within 3 months) and "
            "reported upward; hiding it is a violation."
        ),
        params=(
            Param(
                "report_hours",
                int,
                24,
                LOWER,
                "书面报告期限（小时）",
                "Hours to report in writing",
                minimum=1,
                maximum=168,
            ),
            Param(
                "investigation_days",
                int,
                90,
                LOWER,
                "调查结果期限（天）",
                "Days to conclude the investigation",
                minimum=1,
                maximum=365,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="INVENTORY",
        section=6,
        kinds=(C,),
        source="P3.1, P7 二(一)6",
        title_zh="定期清查",
        title_en="Periodic inventory",
        text_zh="定期检查清理所持涉密文件，逐份核对应在位置与实物；发现短缺要及时查找。",
        text_en=(
            "Holdings are checked periodically (定期检查清理): every copy's expected location "
            "is reconciled with a physical check; shortages are traced."
        ),
        enforced=True,
    ),
    # 7. 计算机、移动存储介质与办公自动化设备
    Rule(
        id="DEV-LEDGER",
        section=7,
        kinds=(R, C),
        source="P5 五.3, P5 五.6, P13 三(三), P14.2",
        title_zh="设备总台账",
        title_en="Equipment ledger",
        text_zh=(
            "建立计算机、移动存储介质及办公自动化设备（打印机、复印机、传真机、扫描仪等）"
            "总台账，记载编号、类型、密级（涉密或者非涉密）、责任人、存放位置、联网情况和状态，"
            "并与实有物品相符。"
        ),
        text_en=(
            "Every computer, removable medium and office device (printer, copier, fax, scanner) "
            "is in one ledger (总台账) with number, type, level (classified or not), custodian, "
            "location, network, status; the ledger must match a physical check."
        ),
        enforced=True,
    ),
    Rule(
        id="DEV-AIRGAP",
        section=7,
        kinds=(B, C),
        source="P1 三.4, P3.8, P5 五.1, P13 三(三)",
        title_zh="物理隔离",
        title_en="Physical isolation",
        text_zh=(
            "涉密计算机不得直接或者间接地与国际互联网或者其他公共信息网络相联接，实行物理隔离，"
            "不得安装无线设备。"
        ),
        text_en=(
            "A classified computer is never connected to the internet or any public network "
            "(physical isolation) and has no wireless device."
        ),
        enforced=True,
    ),
    Rule(
        id="MEDIA-NO-CROSS",
        section=7,
        kinds=(B,),
        source="P5 五.1, P5 五.3, P13 三(三)",
        title_zh="介质不得交叉使用",
        title_en="No cross-use of media",
        text_zh=(
            "涉密移动存储介质只在涉密计算机上使用，非涉密移动存储介质不得在涉密计算机上使用，"
            "严禁移动存储介质在涉密计算机和非涉密计算机之间交叉使用。登记此类使用的，"
            "系统予以拒绝并记为事件。"
        ),
        text_en=(
            "Classified media are used only on classified computers; unclassified media never "
            "on classified computers; no medium moves between the two. Recording such a use is "
            "refused and raises an incident."
        ),
        enforced=True,
    ),
    Rule(
        id="MEDIA-REGISTERED",
        section=7,
        kinds=(B, R),
        source="P5 五.3, P5 五.6",
        title_zh="介质登记",
        title_en="Registered media only",
        text_zh=(
            "对在单位计算机上使用的移动存储介质造册登记、编号，不得使用未登记编号的介质；"
            "每次使用均予登记。"
        ),
        text_en=(
            "Only registered, numbered media may be used on the organisation's computers; each "
            "use is logged."
        ),
        enforced=True,
    ),
    Rule(
        id="MEDIA-TAINT",
        section=7,
        kinds=(B, A),
        source="P15 八.2",
        title_zh="涉密介质管理",
        title_en="Media that held classified data",
        text_zh=(
            "存储过涉密文件的介质按涉密文件进行管理；如改作他用，必须经办公室主任批准，"
            "由专业人员进行保密技术处理。"
        ),
        text_en=(
            "A medium that ever stored classified data is a classified item from then on; "
            "re-using it for other purposes needs the office director's approval and technical "
            "sanitising."
        ),
        params=(*_approval("office_director"),),
        enforced=True,
    ),
    Rule(
        id="DEV-NO-HOME",
        section=7,
        kinds=(B,),
        source="P15 八.2",
        title_zh="不得带回家",
        title_en="No copies to take home",
        text_zh="禁止把涉密文件拷贝到磁盘、光盘等介质中带回家或者随身携带。",
        text_en="Classified files are not copied to media to take home or carry.",
        enforced=True,
    ),
    Rule(
        id="DEV-REPAIR",
        section=7,
        kinds=(A, R, B),
        source="P7 三.1",
        title_zh="设备维修",
        title_en="Repairs",
        text_zh=(
            "设备需维修的，须向办公室报告，由办公室联系指定的专业维修部门修理，并保管维修记录。"
        ),
        text_en=(
            "Repairs go through the general office to a designated vendor, with a repair record."
        ),
        params=(
            *_approval("office_director"),
            Param(
                "vendors",
                list,
                [],
                NONE,
                "指定的专业维修单位",
                "Designated repair vendors",
                floor=None,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="DEV-LEND",
        section=7,
        kinds=(A, B),
        source="P7 三.5",
        title_zh="设备外借",
        title_en="Lending equipment",
        text_zh="本单位电脑设备原则上不外借其他单位使用，确需外借的，必须经领导批准。",
        text_en="Equipment is not lent outside without a leader's approval.",
        params=(*_approval("leader_in_charge"),),
        enforced=True,
    ),
    Rule(
        id="DEV-AV",
        section=7,
        kinds=(C, R),
        source="P5 五.2, P7 三.2",
        title_zh="病毒防护",
        title_en="Antivirus",
        text_zh=(
            "计算机必须安装国家有关部门认可的防病毒软件，并经常做好升级工作；发现感染病毒的，"
            "应当立即停止使用，并迅速向办公室报告。"
        ),
        text_en="Antivirus is installed and updated; an infection stops use and is reported.",
        params=(
            Param(
                "signature_days",
                int,
                30,
                LOWER,
                "病毒库最长未更新天数",
                "Most days since the antivirus signatures were updated",
                floor=None,
                minimum=1,
                maximum=365,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="DEV-BACKUP",
        section=7,
        kinds=(D,),
        source="P11 (一)3(4)",
        title_zh="数据备份",
        title_en="Backups",
        text_zh="对重要文件、数据每月进行二次备份。",
        text_en="Important files are backed up twice a month.",
        params=(
            Param(
                "per_month",
                int,
                2,
                HIGHER,
                "每月最少备份次数",
                "Least backups per month",
                minimum=1,
                maximum=31,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="DEV-INTEGRITY",
        section=7,
        kinds=(R,),
        source="P15 八.4",
        title_zh="数据审查",
        title_en="Data integrity review",
        text_zh=(
            "各部门定期对本部门输入计算机的文件、数据进行整理、审查；发现文件、数据被无故修改、"
            "移动、删除的，要及时告知系统管理员，并做好记录。"
        ),
        text_en=(
            "Departments review their stored data; unexplained modification, move or deletion "
            "is reported to the system administrator and logged."
        ),
        enforced=True,
    ),
    Rule(
        id="DEV-STANDALONE",
        section=7,
        kinds=(A, B),
        source="P15 八.1",
        title_zh="单机处理",
        title_en="Standalone processing",
        text_zh=(
            "秘密以上文件确需在计算机中存储、处理的，经主管领导审批后必须单机处理，"
            "处理完毕后要及时删除，并对该机进行技术处理。"
        ),
        text_en=(
            "Classified data on a computer needs approval, a standalone machine, and deletion "
            "plus technical treatment afterwards."
        ),
        params=(*_approval("leader_in_charge"),),
        enforced=True,
    ),
    # 8. 涉密人员
    Rule(
        id="PPL-CLASS",
        section=8,
        kinds=(P,),
        source="P13 三(二), law",
        title_zh="涉密人员分类",
        title_en="Clearance classes",
        text_zh=(
            "涉密人员分为核心、重要、一般三类，其余为非涉密人员；"
            "各类分别限定可知悉的最高密级（绝密、机密、秘密）。"
        ),
        text_en=(
            "Each person has a clearance class: core (核心), important (重要), general (一般), "
            "or none; it bounds the highest level they may know (TOP_SECRET / SECRET / "
            "CONFIDENTIAL)."
        ),
        enforced=True,
    ),
    Rule(
        id="PPL-VET",
        section=8,
        kinds=(B,),
        source="P4 一, P11 (一)2, P13 三(二)",
        title_zh="上岗审查",
        title_en="Vetting before appointment",
        text_zh=(
            "涉密人员上岗前须进行资格审查，并签订保密协议和《涉密人员保密责任书》；二者缺一的，"
            "不予确定涉密等级。"
        ),
        text_en=(
            "Before taking a classified post a person is vetted (上岗前资格审查) and signs a "
            "confidentiality agreement / responsibility letter (保密协议, 涉密人员保密责任书). "
            "Without both, no clearance is granted."
        ),
        enforced=True,
    ),
    Rule(
        id="PPL-SELFCHECK",
        section=8,
        kinds=(D,),
        source="P13 三(二), P13 四(一)",
        title_zh="涉密人员自查",
        title_en="Monthly self-check",
        text_zh="涉密人员按月进行保密自查，填写自查表；未按时自查的，系统予以提示。",
        text_en="Every cleared person files a monthly self-check; missing ones are flagged.",
        params=(
            Param(
                "interval_days",
                int,
                31,
                LOWER,
                "两次自查的最长间隔（天）",
                "Longest interval between self-checks (days)",
                minimum=1,
                maximum=366,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="PPL-TRAINING",
        section=8,
        kinds=(D, R),
        source="P13 二(三)",
        title_zh="保密培训",
        title_en="Training hours",
        text_zh=(
            "对涉密人员每季度进行一次专题培训，全年不少于八课时；培训出勤和课时予以记录，"
            "不足的予以提示。"
        ),
        text_en=(
            "Cleared people receive at least 8 class hours of training a year (quarterly "
            "sessions); attendance and hours are recorded; shortfalls are flagged."
        ),
        params=(
            Param(
                "min_hours",
                int,
                8,
                HIGHER,
                "每年最少培训课时",
                "Least training hours a year",
                minimum=0,
                maximum=200,
            ),
            Param(
                "sessions_per_year",
                int,
                4,
                HIGHER,
                "每年最少培训次数",
                "Least training sessions a year",
                minimum=0,
                maximum=52,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="PPL-EXIT",
        section=8,
        kinds=(B, D),
        source="P13 三(二), law",
        title_zh="离岗脱密",
        title_en="Exit and cooling-off",
        text_zh=(
            "涉密人员离岗时，须签订保密承诺书，移交全部涉密载体（见离岗交接条款），"
            "并进入脱密期（依法：核心三至五年，重要二至三年，一般一至二年，默认取下限），"
            "由系统跟踪管理。"
        ),
        text_en=(
            "On leaving a classified post a person signs a commitment letter (保密承诺书), "
            "hands over all items (HANDOVER), and enters a cooling-off period (脱密期; law: "
            "core 3–5 years, important 2–3, general 1–2; default the lower bound) that the "
            "system tracks."
        ),
        params=(
            Param(
                "cooling_years_core",
                int,
                3,
                HIGHER,
                "核心涉密人员脱密期（年）",
                "Cooling-off for core staff (years)",
                minimum=3,
                maximum=5,
            ),
            Param(
                "cooling_years_important",
                int,
                2,
                HIGHER,
                "重要涉密人员脱密期（年）",
                "Cooling-off for important staff (years)",
                minimum=2,
                maximum=3,
            ),
            Param(
                "cooling_years_general",
                int,
                1,
                HIGHER,
                "一般涉密人员脱密期（年）",
                "Cooling-off for general staff (years)",
                minimum=1,
                maximum=2,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="PPL-ABROAD",
        section=8,
        kinds=(A,),
        source="P9.2.3",
        title_zh="出国审批",
        title_en="Travel abroad",
        text_zh="涉密人员出国（境）须经批准，并于出行前接受保密教育。",
        text_en="Cleared people's travel abroad is approved and they are briefed beforehand.",
        params=(
            Param(
                "approvers",
                list,
                ["department_head", "leader_in_charge"],
                SENIOR,
                "重要、一般涉密人员出国（境）的审批人（角色，按顺序）",
                "Approvers of important and general staff's travel (roles, in order)",
                floor=["department_head"],
            ),
            Param(
                "core_approvers",
                list,
                ["organisation_head"],
                SENIOR,
                "核心涉密人员出国（境）的审批人（角色，按顺序）",
                "Approvers of core staff's travel (roles, in order)",
                floor=["leader_in_charge"],
            ),
            Param(
                "valid_days",
                int,
                30,
                LOWER,
                "批准的有效期（天，至出行前保密教育）",
                "Days an approval stays valid (until the pre-departure briefing)",
                floor=None,
                minimum=1,
                maximum=90,
            ),
            Param(
                "report_days",
                int,
                7,
                LOWER,
                "回国（境）后提交出行情况报告的期限（天）",
                "Days after the return to file the return report",
                floor=None,
                minimum=1,
                maximum=30,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="PPL-PROBATION",
        section=8,
        kinds=(B,),
        source="P10 §28(五)",
        title_zh="未转正人员",
        title_en="Probationary staff",
        text_zh="严禁让未转正员工携带或者发送保密文件。",
        text_en="Probationary (未转正) staff may not carry classified items.",
        enforced=True,
    ),
    Rule(
        id="PPL-SECURITY-STAFF",
        section=8,
        kinds=(R,),
        source="P4 一, P10 §19, P13 一",
        title_zh="保密组织",
        title_en="Security officers and committee",
        text_zh="各部门必须设立兼职保密员；单位设立保密委员会及保密办公室，其组成人员予以登记。",
        text_en=(
            "Each department has a named part-time security officer (兼职保密员); the "
            "organisation has a security committee and office whose members are recorded."
        ),
        enforced=True,
    ),
    # 9. 保密责任书
    Rule(
        id="RESP-ANNUAL",
        section=9,
        kinds=(R, D),
        source="P2 四.1–2, P8, P14",
        title_zh="年度责任书",
        title_en="Annual responsibility letter",
        text_zh=(
            "保密工作第一责任人每年与各部门负责人签订一次保密工作责任书，经双方签字后生效，"
            "在当年内有效。"
        ),
        text_en=(
            "Every year the organisation's first responsible person signs a responsibility "
            "letter with each department head; it takes effect when both have signed and is "
            "valid for that year."
        ),
        params=(
            Param(
                "due_month",
                int,
                3,
                LOWER,
                "当年责任书最迟签订月份（该月最后一日前）",
                "Month by whose end the year's letters are signed",
                minimum=1,
                maximum=12,
            ),
            Param(
                "with_cleared_people",
                int,
                0,
                HIGHER,
                "部门负责人是否与本部门每名涉密人员签订责任书（1 是，0 否）",
                "Department heads also sign one with each cleared person (1 yes, 0 no)",
                minimum=0,
                maximum=1,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="RESP-RESIGN",
        section=9,
        kinds=(D,),
        source="P2 四.2",
        title_zh="责任书补签",
        title_en="Re-signing on change",
        text_zh="保密工作责任人变动的，须及时补签责任书。",
        text_en="When either responsible person changes, the letter is re-signed.",
        params=(
            Param(
                "within_days",
                int,
                30,
                LOWER,
                "责任人变动后补签期限（天）",
                "Days to re-sign after a signer changes",
                minimum=1,
                maximum=366,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="RESP-ASSESS",
        section=9,
        kinds=(R,),
        source="P2 三, P14",
        title_zh="考核奖惩",
        title_en="Assessment, commendation and penalty",
        text_zh=(
            "对各部门实行保密工作月度考核、年度考核与奖惩相结合的考核制度；表彰与处罚情况予以记录。"
        ),
        text_en=(
            "Departments are assessed monthly and yearly against their letter; commendations "
            "and penalties are recorded."
        ),
        enforced=True,
    ),
    # 10. 涉密会议
    Rule(
        id="MEET-ATTEND",
        section=10,
        kinds=(R, B),
        source="P11 (二)2–3, P15 三",
        title_zh="会议人员与会场",
        title_en="Attendance and venue",
        text_zh=(
            "涉密会议须确定密级，严格确定出席、列席人员名单并经批准；"
            "会前对会址进行保密安全检查；严格控制与会议无关的人员进入会场。"
        ),
        text_en=(
            "A classified meeting has a level, an approved attendee list, and a venue checked "
            "for security beforehand; nobody else enters."
        ),
        enforced=True,
    ),
    Rule(
        id="MEET-DOCS",
        section=10,
        kinds=(B,),
        source="P6.11, P11 (二)4, P15 三.5",
        title_zh="会议文件",
        title_en="Meeting documents",
        text_zh=(
            "会议印发的秘密文件编号发给指定与会人员；绝密文件必须立即收回；"
            "其余文件在会议结束时统一收回，或者在会上宣布管理办法；尚有文件去向不明的，"
            "会议不得办结。"
        ),
        text_en=(
            "Documents issued at the meeting are numbered copies given to named attendees; "
            "TOP_SECRET copies are collected back at once; all are collected at the end or "
            "their handling announced; the meeting cannot be closed while a copy is unaccounted "
            "for."
        ),
        enforced=True,
    ),
    Rule(
        id="MEET-MINUTES",
        section=10,
        kinds=(A,),
        source="P11 (二)3(2), P15 三.4",
        title_zh="会议记录",
        title_en="Meeting minutes",
        text_zh="会议记录本按秘密文件管理，由指定人员保管；查阅会议记录，必须经办公室主任批准。",
        text_en=(
            "Minutes are a classified item kept by the custodian; reading them needs the office "
            "director's approval."
        ),
        params=(*_approval("office_director"),),
        enforced=True,
    ),
    Rule(
        id="MEET-PHONES",
        section=10,
        kinds=(C,),
        source="P3.2, P7 五.1",
        title_zh="手机管理",
        title_en="Phones at meetings",
        text_zh="召开涉密会议时必须关闭手机，不得将手机带入谈论秘密事项的场所。",
        text_en="Phones are off / kept out of classified meetings.",
        enforced=True,
    ),
    Rule(
        id="MEET-SWEEP",
        section=10,
        kinds=(R,),
        source="P11 (二)4(1)",
        title_zh="会后检查",
        title_en="Sweep after the meeting",
        text_zh=(
            "会议结束后，要对会场进行保密检查，查看有无遗留的秘密文件、记录本等，并记录检查情况。"
        ),
        text_en="After the meeting the venue is checked for left items; the check is recorded.",
        enforced=True,
    ),
    # 11. 检查、事件、培训、宣传审查、来访、印信与经费
    Rule(
        id="INSP-MONTHLY",
        section=11,
        kinds=(D, C),
        source="P13 四(一)",
        title_zh="部门月度自查",
        title_en="Monthly self-inspection",
        text_zh=(
            "涉密部门（部位）和涉密人员每月对照检查表进行保密自查，保密办公室负责监督检查实施情况。"
        ),
        text_en=(
            "Departments and cleared people run a monthly self-inspection against a checklist; "
            "the security office supervises."
        ),
        params=(
            Param(
                "interval_days",
                int,
                31,
                LOWER,
                "两次自查的最长间隔（天）",
                "Longest interval between self-inspections (days)",
                minimum=1,
                maximum=366,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="INSP-QUARTERLY",
        section=11,
        kinds=(D,),
        source="P13 四(二)(三)",
        title_zh="季度考核检查",
        title_en="Quarterly assessment",
        text_zh="每季度对涉密部门负责人进行考核检查；每年对计算机检查不少于三次。",
        text_en=(
            "Department heads are assessed quarterly; computers are checked at least three "
            "times a year."
        ),
        params=(
            Param(
                "head_assessments_per_year",
                int,
                4,
                HIGHER,
                "每年对部门负责人最少考核次数",
                "Least assessments of department heads a year",
                minimum=0,
                maximum=52,
            ),
            Param(
                "computer_checks_per_year",
                int,
                3,
                HIGHER,
                "每年最少计算机检查次数",
                "Least computer checks a year",
                minimum=0,
                maximum=52,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="INSP-RECTIFY",
        section=11,
        kinds=(D,),
        source="P5 四, P13 四",
        title_zh="问题整改",
        title_en="Rectification",
        text_zh="检查发现的每一问题均确定整改责任人和整改期限，经复查确认后方可关闭。",
        text_en=(
            "Every finding gets a rectification task with owner and due date; it closes only "
            "when verified."
        ),
        params=(
            Param(
                "head_after_days",
                int,
                0,
                LOWER,
                "逾期多少天后升级至部门负责人",
                "Days overdue before a task escalates to the department head",
                floor=None,
                minimum=0,
                maximum=90,
            ),
            Param(
                "office_after_days",
                int,
                7,
                LOWER,
                "逾期多少天后升级至保密办",
                "Days overdue before a task escalates to the security office",
                floor=None,
                minimum=0,
                maximum=180,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="INSP-CHECKLIST",
        section=11,
        kinds=(C,),
        source="P5 五",
        title_zh="自查清单",
        title_en="Self-inspection checklist",
        text_zh=(
            "默认自查清单为：涉密计算机不上网；防病毒软件及时更新；移动存储介质造册登记；"
            "介质不交叉使用；办公网络不存储、处理涉密信息；个人手中涉密纸质文件及时清理；"
            "涉密载体清理完毕；保密承诺书签订。"
        ),
        text_en=(
            "The default self-inspection checklist is the one of 篇5 五.1–8 (classified "
            "computers offline, antivirus current, media registered, no cross-use, no "
            "classified data on the office network, papers cleared, carriers cleaned up, "
            "commitment letters signed)."
        ),
        enforced=True,
    ),
    Rule(
        id="INC-RECORD",
        section=11,
        kinds=(R,),
        source="P6.13, P9.2.5, P10 §22",
        title_zh="失泄密事件登记",
        title_en="Incident record",
        text_zh=(
            "失密、泄密、丢失及违规事件，应登记事件经过、时间、责任人、补救措施、"
            "调查结果和处理情况；严重事件报上级主管部门处理。"
        ),
        text_en=(
            "Incidents (失密, 泄密, loss, rule violation) are recorded with what, when, who, "
            "remedial steps, investigation result and sanctions; serious ones are reported "
            "upward."
        ),
        params=(
            Param(
                "report_hours",
                int,
                24,
                LOWER,
                "严重事件向上级报告期限（小时）",
                "Hours to report a serious incident upward",
                minimum=1,
                maximum=168,
            ),
            Param(
                "investigate_months",
                int,
                3,
                LOWER,
                "调查结果期限（月）",
                "Months to conclude the investigation",
                minimum=1,
                maximum=12,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="TRAIN-RECORD",
        section=11,
        kinds=(R,),
        source="P13 二",
        title_zh="培训记录",
        title_en="Training records",
        text_zh=(
            "培训的主题、日期、课时、参加人员及结果予以记录，形成保密档案，"
            "并对教育培训效果进行评估（测验或者评价）。"
        ),
        text_en=(
            "Training sessions (topic, date, hours, attendees) and their results are recorded; "
            "training effect is assessed (a quiz or a rating), which P13 names as missing."
        ),
        enforced=True,
    ),
    Rule(
        id="PUB-REVIEW",
        section=11,
        kinds=(A,),
        source="P6.9, P6.12, P10 §20, P15 六.7",
        title_zh="对外提供审查",
        title_en="Pre-publication review",
        text_zh=(
            "对外公开发表、投稿、宣传报道、对外交流或者向其他方提供的材料，"
            "须事先进行保密审查并经批准（对外提供公司秘密事项，应先由总经理批准）。"
        ),
        text_en=(
            "Anything to be published, submitted to media, presented outside or provided to "
            "another party (对外提供, 投稿, 宣传报道) is reviewed for secrets and approved "
            "first (P10: external provision by the general manager)."
        ),
        params=(
            *_approval("organisation_head"),
            Param(
                "provide_approvers",
                list,
                ["organisation_head"],
                SENIOR,
                "对外提供（向其他方提供）的审批人（角色，按顺序）",
                "Approvers of provision to another party (roles, in order)",
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="PRESS-FOREIGN",
        section=11,
        kinds=(A,),
        source="P6.10",
        title_zh="境外记者与来访",
        title_en="Foreign journalists and visitors",
        text_zh=(
            "对境外记者的电话采访，一律拒绝；邀请境外记者采访或者接待外国和境外人员，"
            "须经本单位领导批准，明确介绍口径、参观范围和路线。"
        ),
        text_en=(
            "Phone interviews by foreign journalists are refused; invited interviews and "
            "foreign visitors need approval, with agreed talking points, scope and route."
        ),
        params=(*_approval("organisation_head"),),
        enforced=True,
    ),
    Rule(
        id="AREA-LIST",
        section=11,
        kinds=(R,),
        source="P10 §35",
        title_zh="要害部门部位",
        title_en="Key secure areas",
        text_zh=(
            "确定保密要害部门部位（如档案室、文印室、传真室、收发室、实验室、"
            "财务部及领导办公室等），并登记其密级。"
        ),
        text_en=(
            "Key secure departments and places (要害部门部位: archive room, print room, fax "
            "room, labs, finance, executive offices …) are listed with their level."
        ),
        enforced=True,
    ),
    Rule(
        id="AREA-ACCESS",
        section=11,
        kinds=(A, R),
        source="P10 §23, P10 §34–35",
        title_zh="要害部位出入",
        title_en="Access to secure areas",
        text_zh=(
            "非本部门人员进入要害部门部位，须经准许并登记，来访人员须有专人陪同；"
            "不得让来访人员接触文件、资料等保密件。"
        ),
        text_en=(
            "Entry to a secure area by anyone not assigned to it needs permission, is logged, "
            "and visitors are escorted; visitors never touch documents or materials."
        ),
        params=(*_approval("department_head"),),
        enforced=True,
    ),
    Rule(
        id="SEAL-LOG",
        section=11,
        kinds=(A, R),
        source="P3.3",
        title_zh="印信管理",
        title_en="Seals and introduction letters",
        text_zh=(
            "印章和各类介绍信函予以登记，每次用印须经批准并登记；不准携带公章外出，"
            "下班后务必将印章锁入保险柜内。"
        ),
        text_en=(
            "Official seals and letters of introduction are registered; each use is approved "
            "and logged; seals are not taken out and are locked away after work."
        ),
        params=(
            *_approval("office_director"),
            # The regulation forbids taking a seal out (不准携带公章外出); an exception is
            # approved by the office director and the head of the organisation.
            Param(
                "take_out_approvers",
                list,
                ["office_director", "organisation_head"],
                SENIOR,
                "携带印章外出审批人（角色，按顺序）",
                "Approvers of taking a seal out (roles, in order)",
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="AV-RECORD",
        section=11,
        kinds=(R,),
        source="P10 §32",
        title_zh="录音录像",
        title_en="Audio and video recordings",
        text_zh=(
            "主要领导讲话等录音、录像为保密材料，由指定部门整理并确定密级，由办公室负责存档管理。"
        ),
        text_en=(
            "Recordings of leaders' speeches and similar are classified items, levelled by the "
            "designated department and archived by the general office."
        ),
        params=(
            Param(
                "levelling_departments",
                list,
                [],
                NONE,
                "整理录音录像并确定密级的部门（部门名称；不填则为办公室）",
                "Departments that level recordings (their names; none: the general office)",
                floor=None,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="BUDGET",
        section=11,
        kinds=(R,),
        source="P13 五",
        title_zh="保密经费",
        title_en="Confidentiality budget",
        text_zh=(
            "年度保密经费列入财务预算，分为保密工作管理经费（用于保密宣传、教育、培训）"
            "和专项经费（用于技防和物防措施），每笔支出予以登记。"
        ),
        text_en=(
            "The annual confidentiality budget (management: publicity, education, training; "
            "special: technical and physical protection) and every expense against it are "
            "recorded."
        ),
        enforced=True,
    ),
    Rule(
        id="COMMITTEE",
        section=11,
        kinds=(D, R),
        source="P13 一",
        title_zh="保密委员会例会",
        title_en="Security committee meetings",
        text_zh="保密委员会每年至少召开两次例会，会议情况及决定予以记录。",
        text_en=(
            "The security committee meets at least twice a year; its meetings and decisions are "
            "recorded."
        ),
        params=(
            Param(
                "meetings_per_year",
                int,
                2,
                HIGHER,
                "每年最少例会次数",
                "Least meetings a year",
                minimum=0,
                maximum=52,
            ),
        ),
        enforced=True,
    ),
    Rule(
        id="ANNUAL-REPORT",
        section=11,
        kinds=(R,),
        source="P4, P5, P13",
        title_zh="年度工作总结",
        title_en="Annual work summary",
        text_zh=(
            "依据各项记录编制年度保密工作总结，内容包括：失泄密事件（目标为零）、"
            "培训场次及课时、检查及发现的问题、整改情况、人员变动、设备台账、"
            "经费支出和表彰奖励。"
        ),
        text_en=(
            "The annual work summary (年度保密工作总结) is drafted from the records: incidents "
            "(target: zero), trainings and hours, inspections and findings, rectifications, "
            "people changes, equipment ledger, budget spent, commendations."
        ),
        enforced=True,
    ),
]
