"""Who may use each scrutiny URL (BRIEF section 2), for the generated role x URL matrix in tests/.

Councillors (scrutiny members) read published packs, their files, and the committee's questions, and raise
questions; nothing else in the service. Drafts are for the plans' owners and administrators alone. The public pages
answer anyone, signed in or not.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row

EVERYONE = set(Role)
EDITORS = {Role.PLAN_OWNER, Role.ADMINISTRATOR}
READERS = {Role.SCRUTINY_MEMBER, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR}
ASKERS = {Role.SCRUTINY_MEMBER, Role.PLAN_OWNER, Role.ADMINISTRATOR}
# The question is about the plan the plan owner owns, raised by the councillor, for the action lead to answer.
SEE_QUESTION = {
    Role.ADMINISTRATOR,
    Role.SENIOR_LEADERSHIP,
    Role.SCRUTINY_MEMBER,
    Role.PLAN_OWNER,
    Role.ACTION_LEAD,
}
RESPONDERS = {Role.ACTION_LEAD, Role.PLAN_OWNER, Role.ADMINISTRATOR}
WITHDRAWERS = {Role.SCRUTINY_MEMBER, Role.ADMINISTRATOR}


def build(users: dict, objects: dict) -> dict:
    """A draft, a published and a public pack of the plans app's plan (owned by the plan owner), each published
    pack's files already built, and a question from the councillor for the action lead."""
    from scrutiny import services
    from scrutiny.models import PackExport

    from .factories import PackFactory, QuestionFactory

    plan, owner = objects["plan"], users[Role.PLAN_OWNER]
    draft = PackFactory(plans=[plan], created_by=owner)
    published = services.pack_publish(pack=PackFactory(plans=[plan], created_by=owner), by=owner)
    public = services.pack_publish(pack=PackFactory(plans=[plan], created_by=owner), by=owner)
    public = services.pack_make_public(pack=public, by=owner, confirmed=True)
    for pack in (published, public):
        for fmt in PackExport.Format.values:
            export = PackExport(pack=pack, fmt=fmt, filename=f"pack.{fmt}")
            export.file.save(f"matrix-pack.{fmt}", ContentFile(b"built"), save=False)
            export.save()
    question = QuestionFactory(
        plan=plan,
        raised_by=users[Role.SCRUTINY_MEMBER],
        respondent=users[Role.ACTION_LEAD],
        respondent_label="L1",
        pack=published,
    )
    return {"draft_pack": draft, "published_pack": published, "public_pack": public, "question": question}


def _pack(name, key="published_pack", *extra):
    return lambda o: reverse(f"scrutiny:{name}", args=[o[key].pk, *extra])


def _details(o):
    pack = o["draft_pack"]
    return {
        "title": "Changed",
        "meeting_date": "1/12/2026",
        "as_at": pack.as_at.strftime("%d/%m/%Y"),
        "plans": [o["plan"].pk],
        "version": pack.version,
    }


def _ask(o):
    return {"kind": "question", "about": "plan", "text": "Why?", "asked_on": "1/1/2026", "respond_by": "1/2/2026"}


ROWS = [
    Row("scrutiny:pack_list", lambda o: reverse("scrutiny:pack_list"), get=READERS),
    Row("scrutiny:pack_create", lambda o: reverse("scrutiny:pack_create"), get=EDITORS, post=EDITORS),
    Row("scrutiny:pack_detail", _pack("pack_detail"), get=READERS),
    # A draft: only those who manage it (the plan's owner) and administrators; never councillors or leadership.
    Row("scrutiny:pack_detail", _pack("pack_detail", "draft_pack"), get=EDITORS, label="draft pack"),
    Row("scrutiny:pack_edit", _pack("pack_edit", "draft_pack"), get=EDITORS, post=EDITORS, post_data=_details),
    Row(
        "scrutiny:pack_narratives",
        _pack("pack_narratives", "draft_pack"),
        get=EDITORS,
        post=EDITORS,
        post_data=lambda o: {"version": o["draft_pack"].version},
    ),
    Row("scrutiny:pack_preview", _pack("pack_preview", "draft_pack"), get=EDITORS),
    Row("scrutiny:pack_publish", _pack("pack_publish", "draft_pack"), post=EDITORS),
    Row(
        "scrutiny:pack_make_public",
        _pack("pack_make_public"),
        get=EDITORS,
        post=EDITORS,
        post_data=lambda o: {"confirm": "on"},
    ),
    Row(
        "scrutiny:pack_withdraw",
        _pack("pack_withdraw"),
        get=EDITORS,
        post=EDITORS,
        post_data=lambda o: {"reason": "Wrong dates"},
    ),
    *[
        Row("scrutiny:pack_export", _pack("pack_export", "published_pack", fmt), get=READERS, label=f"pack {fmt}")
        for fmt in ("pdf", "xlsx")
    ],
    Row(
        "scrutiny:pack_ask",
        lambda o: reverse("scrutiny:pack_ask", args=[o["published_pack"].pk, o["plan"].pk]),
        get=ASKERS,
        post=ASKERS,
        post_data=_ask,
    ),
    Row("scrutiny:question_list", lambda o: reverse("scrutiny:question_list"), get=EVERYONE),
    Row(
        "scrutiny:question_detail",
        lambda o: reverse("scrutiny:question_detail", args=[o["question"].pk]),
        get=SEE_QUESTION,
    ),
    Row(
        "scrutiny:question_respond",
        lambda o: reverse("scrutiny:question_respond", args=[o["question"].pk]),
        post=RESPONDERS,
        post_data=lambda o: {"response": "Done"},
    ),
    Row(
        "scrutiny:question_withdraw",
        lambda o: reverse("scrutiny:question_withdraw", args=[o["question"].pk]),
        get=WITHDRAWERS,
        post=WITHDRAWERS,
        post_data=lambda o: {"reason": "Asked twice"},
    ),
    # Public: anyone, signed in or not, at the unguessable address; nobody may post.
    Row(
        "public:pack",
        lambda o: reverse("public:pack", args=[o["public_pack"].public_token]),
        get=EVERYONE,
        anonymous="open",
    ),
    *[
        Row(
            "public:pack_export",
            lambda o, f=fmt: reverse("public:pack_export", args=[o["public_pack"].public_token, f]),
            get=EVERYONE,
            anonymous="open",
            label=f"public pack {fmt}",
        )
        for fmt in ("pdf", "xlsx")
    ],
]
