"""Scrutiny pages: each view declares its roles, the object its URL names and the rule for that object; handlers
validate a form and call one service, or render a selector's result. A published pack's page and files are made
from its stored content only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from organisation.models import User
from plans.models import Action, Goal
from shared import jobs
from shared.access import AccessRequired
from shared.exports import download
from shared.forms import add_service_errors
from shared.roles import has_role
from shared.stale import StaleEdit

from . import access, content, selectors, services
from .forms import (
    MakePublicForm,
    NarrativesForm,
    PackCreateForm,
    PackEditForm,
    PublishForm,
    QuestionForm,
    RespondForm,
    WithdrawForm,
    WithdrawQuestionForm,
)
from .models import CommitteeQuestion, Pack, PackExport

STALE_MESSAGE = (
    "Someone else changed this pack after you opened it, and changed some of the same things you did. "
    "Nothing of yours has been saved yet: compare their text with yours below, then save again to keep yours."
)
FORMATS = PackExport.Format.values


def _pack_queryset():
    return Pack.objects.prefetch_related("plans")


class PackAccess(AccessRequired):
    """A view about one pack, named by the URL's pk."""

    def get_object(self) -> Pack:
        return get_object_or_404(_pack_queryset(), pk=self.kwargs["pk"])


# --- lists and reading ---------------------------------------------------------------------------------------


class PackListView(AccessRequired, TemplateView):
    """Councillors' start page: the published packs. Owners also see their drafts; those who manage a withdrawn
    pack still find its record here."""

    roles = access.READER_ROLES
    template_name = "scrutiny/pack_list.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lists=selectors.packs_for(self.request.user),
            can_start=has_role(self.request.user, *access.EDITOR_ROLES),
            **kwargs,
        )


class PackDetailView(PackAccess, TemplateView):
    """A published pack as it was published; a draft's overview for those preparing it."""

    roles = access.READER_ROLES
    object_rule = access.can_read_pack
    http_method_names = ["get", "head", "options"]

    def get_template_names(self):
        return ["scrutiny/pack_draft.html" if self.object.is_draft else "scrutiny/pack_detail.html"]

    def get_context_data(self, **kwargs):
        pack, user = self.object, self.request.user
        context = {"pack": pack, "manages": access.manages_pack(user, pack)}
        if pack.is_draft:
            goals = selectors.pack_goals(pack)
            written = {k for k, v in selectors.narrative_values(pack).items() if v.strip()}
            context.update(
                goals_count=len(goals),
                written_count=sum(1 for g in goals if selectors.narrative_field(g.pk) in written),
                panel_titles=[title for key, title in selectors.packable_panels() if key in pack.panels],
                can_edit=access.can_edit_draft(user, pack),
            )
        else:
            hidden = pack.state == Pack.State.WITHDRAWN and not context["manages"]
            context.update(
                frozen=None if hidden else pack.frozen,
                withdrawn_notice=hidden,
                can_export=access.can_export_pack(user, pack),
                built=selectors.exports_built(pack),
                can_ask=access.can_ask_about(user, pack),
                can_make_public=access.can_make_public(user, pack),
                can_withdraw=access.can_withdraw(user, pack),
            )
        return super().get_context_data(**context, **kwargs)


class PackPreviewView(PackAccess, TemplateView):
    """A draft as it would be published now, built from the plans as they are."""

    roles = access.EDITOR_ROLES
    object_rule = access.can_read_pack
    template_name = "scrutiny/pack_preview.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        pack = self.object
        if not pack.is_draft:
            return redirect("scrutiny:pack_detail", pk=pack.pk)
        return self.preview(pack, PublishForm(initial={"version": pack.version}))

    def preview(self, pack: Pack, form: PublishForm, status: int = 200):
        user = self.request.user
        built = content.build(pack, user=user, today=timezone.localdate())
        unseen = selectors.panels_unseen_by(user, pack)
        return self.render_to_response(
            {
                "pack": pack,
                "frozen": built.as_json(),
                "form": form,
                "unseen_panels": unseen,
                "can_publish": access.can_publish(user, pack) and not unseen,
            },
            status=status,
        )


# --- preparing a draft -----------------------------------------------------------------------------------------


class PackCreateView(AccessRequired, TemplateView):
    roles = access.EDITOR_ROLES
    template_name = "scrutiny/pack_form.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = PackCreateForm(
            user=request.user, initial={"as_at": today, "title": "Anti-racist action plan: update to scrutiny"}
        )
        return self.render_to_response({"form": form, "creating": True})

    def post(self, request, *args, **kwargs):
        form = PackCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                pack = services.pack_create(
                    by=request.user,
                    title=data["title"],
                    plans=list(data["plans"]),
                    meeting_date=data["meeting_date"],
                    as_at=data["as_at"],
                    changes_since=data["changes_since"],
                    panels=data["panels"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The draft pack has been started. Now write the commentary for each goal.")
                return redirect("scrutiny:pack_narratives", pk=pack.pk)
        return self.render_to_response({"form": form, "creating": True}, status=400)


class PackEditView(PackAccess, TemplateView):
    roles = access.EDITOR_ROLES
    object_rule = access.can_edit_draft
    template_name = "scrutiny/pack_form.html"

    def get(self, request, *args, **kwargs):
        pack = self.object
        form = PackEditForm.for_values(selectors.pack_values(pack), version=pack.version, user=request.user, pack=pack)
        return self.render_to_response({"form": form, "pack": pack})

    def post(self, request, *args, **kwargs):
        pack = self.object
        form = PackEditForm(request.POST, user=request.user, pack=pack)
        if form.is_valid():
            try:
                services.pack_update(
                    pack=pack,
                    by=request.user,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    base=form.base_values(),
                )
            except StaleEdit as stale:
                current = Pack.objects.get(pk=pack.pk)
                rebuilt = form.rebased(stale, selectors.pack_values(current))
                rebuilt.add_error(None, STALE_MESSAGE)
                context = {"form": rebuilt, "pack": current, "stale": stale, "conflicts": rebuilt.conflict_rows(stale)}
                return self.render_to_response(context, status=409)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The pack's details have been saved.")
                return redirect("scrutiny:pack_detail", pk=pack.pk)
        return self.render_to_response({"form": form, "pack": pack}, status=400)


class PackNarrativesView(PackAccess, TemplateView):
    """One page with a text box per goal: save as a draft as often as wanted, then preview."""

    roles = access.EDITOR_ROLES
    object_rule = access.can_edit_draft
    template_name = "scrutiny/pack_narratives.html"

    def get(self, request, *args, **kwargs):
        pack = self.object
        goals = selectors.pack_goals(pack)
        form = NarrativesForm.for_pack(selectors.narrative_values(pack), version=pack.version, goals=goals)
        return self.render_to_response({"form": form, "pack": pack})

    def post(self, request, *args, **kwargs):
        pack = self.object
        form = NarrativesForm(request.POST, goals=selectors.pack_goals(pack))
        # Text for a goal whose plan someone took out of the pack meanwhile: shown back, never dropped in silence.
        orphans = [
            text
            for name, text in request.POST.items()
            if name.startswith("narrative_") and name not in form.fields and text.strip()
        ]
        if orphans and form.is_valid():
            form.add_error(
                None,
                "Someone changed the pack's plans after you opened this page. Nothing has been saved yet: the text "
                "you wrote for goals no longer in the pack is shown below so you can copy it.",
            )
            return self.render_to_response({"form": form, "pack": pack, "orphans": orphans}, status=409)
        if form.is_valid():
            try:
                services.pack_save_narratives(
                    pack=pack,
                    by=request.user,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    base=form.base_values(),
                )
            except StaleEdit as stale:
                current = Pack.objects.get(pk=pack.pk)
                rebuilt = form.rebased(stale, selectors.narrative_values(current, form.goals))
                rebuilt.add_error(None, STALE_MESSAGE)
                context = {"form": rebuilt, "pack": current, "stale": stale, "conflicts": rebuilt.conflict_rows(stale)}
                return self.render_to_response(context, status=409)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if request.POST.get("then") == "preview":
                    return redirect("scrutiny:pack_preview", pk=pack.pk)
                messages.success(request, "Your commentary has been saved as a draft.")
                return redirect("scrutiny:pack_narratives", pk=pack.pk)
        return self.render_to_response({"form": form, "pack": pack}, status=400)


class PackPublishView(PackPreviewView):
    roles = access.EDITOR_ROLES
    object_rule = access.can_publish
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        pack = self.object
        form = PublishForm(request.POST)
        expected = form.cleaned_data["version"] if form.is_valid() else None
        try:
            services.pack_publish(pack=pack, by=request.user, expected_version=expected)
        except ValidationError as error:
            # The preview again, as the pack is now (publishing from it publishes what it shows), saying why.
            current = _pack_queryset().get(pk=pack.pk)
            form = PublishForm({"version": current.version})
            form.is_valid()
            add_service_errors(form, error)
            return self.preview(current, form, status=400)
        messages.success(request, "The pack has been published to the scrutiny committee. It will not change now.")
        return redirect("scrutiny:pack_detail", pk=pack.pk)


class PackMakePublicView(PackAccess, TemplateView):
    """The second, explicit confirmation before a pack is readable by anyone without signing in."""

    roles = access.EDITOR_ROLES
    object_rule = access.can_make_public
    template_name = "scrutiny/pack_make_public.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"pack": self.object, "form": MakePublicForm()})

    def post(self, request, *args, **kwargs):
        pack = self.object
        form = MakePublicForm(request.POST)
        if form.is_valid():
            try:
                services.pack_make_public(pack=pack, by=request.user, confirmed=form.cleaned_data["confirm"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The pack is now public at the address shown below.")
                return redirect("scrutiny:pack_detail", pk=pack.pk)
        return self.render_to_response({"pack": pack, "form": form}, status=400)


class PackWithdrawView(PackAccess, TemplateView):
    roles = access.EDITOR_ROLES
    object_rule = access.can_withdraw
    template_name = "scrutiny/pack_withdraw.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"pack": self.object, "form": WithdrawForm()})

    def post(self, request, *args, **kwargs):
        pack = self.object
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.pack_withdraw(pack=pack, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The pack has been withdrawn. Its record is kept.")
                return redirect("scrutiny:pack_detail", pk=pack.pk)
        return self.render_to_response({"pack": pack, "form": form}, status=400)


def _serve(export: PackExport):
    with export.file.open("rb") as handle:
        return download(handle.read(), filename=export.filename, fmt=export.fmt)


class PackExportView(PackAccess, View):
    """The pack's PDF or Excel file: the stored one, or a background job builds it once (then it is kept)."""

    roles = access.READER_ROLES
    object_rule = access.can_export_pack
    http_method_names = ["get", "head", "options"]

    def get_object(self) -> Pack:
        if self.kwargs["fmt"] not in FORMATS:
            raise Http404("A pack can be downloaded as pdf or xlsx.")
        return super().get_object()

    def get(self, request, *args, **kwargs):
        pack, fmt = self.object, self.kwargs["fmt"]
        export = selectors.export_of(pack, fmt)
        if export is not None:
            return _serve(export)
        job = jobs.start(
            "scrutiny.export",
            params={"pack_id": pack.pk, "fmt": fmt},
            by=request.user,
            title=f"Preparing {pack.title} as {fmt.upper()}",
            dedupe_key=f"scrutiny-pack:{pack.pk}:{fmt}:{request.user.pk}",
        )
        return redirect("shared:job", pk=job.pk)


# --- the committee's questions ----------------------------------------------------------------------------


class PackAskView(PackAccess, TemplateView):
    """A question or recommendation about one of a published pack's plans, a goal or an action in it."""

    roles = access.RAISE_ROLES
    object_rule = access.can_ask_about
    template_name = "scrutiny/question_form.html"

    def get_object(self) -> Pack:
        pack = super().get_object()
        self.plan = next((p for p in pack.plans.all() if p.pk == self.kwargs["plan"]), None)
        if self.plan is None:
            raise Http404("That plan is not in this pack.")
        return pack

    def form(self, data=None) -> QuestionForm:
        return QuestionForm(
            data,
            about_choices=selectors.about_choices(self.object, self.plan.pk),
            respondent_choices=selectors.respondent_choices(self.plan),
            initial={"asked_on": self.object.meeting_date},
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"pack": self.object, "plan": self.plan, "form": self.form()})

    def post(self, request, *args, **kwargs):
        pack, plan = self.object, self.plan
        form = self.form(request.POST)
        if form.is_valid():
            kind, pk = form.target()
            action = (
                Action.objects.filter(pk=pk, plan=plan).select_related("goal").first() if kind == "action" else None
            )
            goal = Goal.objects.filter(pk=pk, plan=plan).first() if kind == "goal" else None
            respondent_id = form.cleaned_data["respondent"]
            respondent = User.objects.filter(pk=int(respondent_id)).first() if respondent_id else None
            if kind != "plan" and action is None and goal is None:
                form.add_error("about", "That goal or action is no longer in the plan. Choose another.")
            else:
                try:
                    question = services.question_raise(
                        by=request.user,
                        plan=plan,
                        kind=form.cleaned_data["kind"],
                        text=form.cleaned_data["text"],
                        asked_on=form.cleaned_data["asked_on"],
                        respond_by=form.cleaned_data["respond_by"],
                        goal=goal,
                        action=action,
                        respondent=respondent,
                        pack=pack,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"The {question.get_kind_display().lower()} has been recorded.")
                    return redirect("scrutiny:question_detail", pk=question.pk)
        return self.render_to_response({"pack": pack, "plan": plan, "form": form}, status=400)


class QuestionListView(AccessRequired, TemplateView):
    roles = access.QUESTION_ROLES
    template_name = "scrutiny/question_list.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        questions = list(selectors.questions_for(self.request.user))
        today = timezone.localdate()
        return super().get_context_data(
            open=[q for q in questions if q.state == CommitteeQuestion.State.OPEN],
            closed=[q for q in questions if q.state != CommitteeQuestion.State.OPEN],
            today=today,
            **kwargs,
        )


class QuestionAccess(AccessRequired):
    roles = access.QUESTION_ROLES

    def get_object(self) -> CommitteeQuestion:
        return get_object_or_404(
            CommitteeQuestion.objects.select_related("plan", "goal", "action"), pk=self.kwargs["pk"]
        )


class QuestionDetailView(QuestionAccess, TemplateView):
    object_rule = access.can_see_question
    template_name = "scrutiny/question_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_question_context(self.request.user, self.object), **kwargs)


def _question_context(user, question, form=None) -> dict:
    is_open = question.state == CommitteeQuestion.State.OPEN
    return {
        "question": question,
        "form": form or RespondForm(),
        "can_respond": is_open and access.can_respond(user, question),
        "can_withdraw": is_open and access.can_withdraw_question(user, question),
        "today": timezone.localdate(),
    }


class QuestionRespondView(QuestionAccess, TemplateView):
    object_rule = access.can_respond
    template_name = "scrutiny/question_detail.html"
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        question = self.object
        form = RespondForm(request.POST)
        if form.is_valid():
            try:
                services.question_respond(question=question, by=request.user, response=form.cleaned_data["response"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your response has been recorded. The next pack shows it.")
                return redirect("scrutiny:question_detail", pk=question.pk)
        return self.render_to_response(_question_context(request.user, question, form), status=400)


class QuestionWithdrawView(QuestionAccess, TemplateView):
    object_rule = access.can_withdraw_question
    template_name = "scrutiny/question_withdraw.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"question": self.object, "form": WithdrawQuestionForm()})

    def post(self, request, *args, **kwargs):
        question = self.object
        form = WithdrawQuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_withdraw(question=question, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "It has been withdrawn.")
                return redirect("scrutiny:question_detail", pk=question.pk)
        return self.render_to_response({"question": question, "form": form}, status=400)


# --- public pages ------------------------------------------------------------------------------------------------


class PublicAccess(AccessRequired):
    """A pack made public, named by its unguessable token; reachable without signing in."""

    public = True

    def get_object(self) -> Pack:
        token = self.kwargs["token"]
        pack = Pack.objects.filter(public_token=token).exclude(public_token=None).first() if len(token) < 80 else None
        if pack is None:
            raise Http404("There is no public report at this address.")
        return pack


def _public_headers(response):
    """Public, but not for search engines to keep or show (docs/scrutiny.md): a withdrawn pack must disappear,
    and an old pack should not be found in place of the latest. Caches check back every time."""
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


class PublicPackView(PublicAccess, TemplateView):
    template_name = "scrutiny/public_pack.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        pack = self.object
        withdrawn = pack.state != Pack.State.PUBLISHED
        context = {
            "pack": pack,
            "withdrawn": withdrawn,
            "frozen": None if withdrawn else pack.frozen,
            "built": set() if withdrawn else selectors.exports_built(pack),
            "token": pack.public_token,
        }
        return _public_headers(self.render_to_response(context, status=410 if withdrawn else 200))


class PublicPackExportView(PublicAccess, View):
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        pack, fmt = self.object, self.kwargs["fmt"]
        export = selectors.export_of(pack, fmt) if fmt in FORMATS and pack.state == Pack.State.PUBLISHED else None
        if export is None:
            raise Http404("This file is not available.")
        return _public_headers(_serve(export))
