"""Plan pages: each view declares its roles, the object its URL names and the rule for that object; handlers
then validate a form and call one service (writes) or a selector (reads)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from organisation.models import Lead
from shared import textcheck
from shared.access import AccessRequired
from shared.forms import add_service_errors
from shared.stale import StaleEdit

from . import access, past, reminders, selectors, services
from .filters import ActionFilter
from .forms import (
    ActionEditForm,
    AnswerForm,
    AsAtForm,
    ChangesForm,
    CommentForm,
    GoalForm,
    LinkLeadForm,
    NewActionForm,
    PlanSettingsForm,
    ProgressForm,
    RagOverrideForm,
)
from .models import Action, Goal, Plan, ReviewComment
from .services.actions import override_values


def _pk(value) -> int | None:
    """A primary key from a query or form value; None when it is not one (never a server error)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


class PlanListView(AccessRequired, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/plan_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(plans=selectors.plan_list(), **kwargs)


class PlanDetailView(AccessRequired, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/plan_detail.html"

    def get_object(self):
        return get_object_or_404(
            Plan.objects.select_related("governance_body").prefetch_related("owning_units", "owners"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        plan = self.object
        return super().get_context_data(
            plan=plan,
            tree=selectors.plan_tree(plan),
            rag_counts=selectors.plan_rag_counts(plan),
            history=selectors.plan_history(plan),
            can_edit=access.can_edit_plan(self.request.user, plan),
            **kwargs,
        )


class PlanSettingsView(AccessRequired, TemplateView):
    roles = access.OWNER_ROLES
    object_rule = access.can_edit_plan
    template_name = "plans/plan_settings.html"

    def get_object(self):
        return get_object_or_404(Plan, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"plan": self.object, "form": PlanSettingsForm(instance=self.object)})

    def post(self, request, *args, **kwargs):
        form = PlanSettingsForm(request.POST, instance=Plan.objects.get(pk=self.object.pk))
        if form.is_valid():
            try:
                services.plan_update_settings(plan=self.object, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Plan settings saved.")
                return redirect("plans:plan_detail", pk=self.object.pk)
        return self.render_to_response({"plan": self.object, "form": form}, status=400)


class ActionListView(AccessRequired, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/action_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        queryset = selectors.actions_with_rag().order_by("plan__title", "goal__position", "reference")
        action_filter = ActionFilter(self.request.GET or None, queryset=queryset)
        valid = action_filter.is_bound and action_filter.is_valid()
        results = action_filter.qs if valid else queryset
        if valid and action_filter.form.cleaned_data.get("q"):
            page = self.searched_page(results, queryset)
        else:
            page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=action_filter, form=action_filter.form, page=page, query=query.urlencode(), **kwargs
        )


    def searched_page(self, results, everything):
        """A search's words are checked once: the matching ids in the list's order (which also gives the count),
        then the 50 rows of the page by id. Counting and then fetching the page would check every word against
        every progress update twice."""
        ids = list(results.values_list("pk", flat=True))
        page = Paginator(ids, self.paginate_by).get_page(self.request.GET.get("page"))
        shown = list(page.object_list)
        rows = {action.pk: action for action in everything.filter(pk__in=shown)}
        page.object_list = [rows[pk] for pk in shown if pk in rows]
        return page


class MyActionsView(AccessRequired, TemplateView):
    roles = access.LEAD_ROLES
    template_name = "plans/my_actions.html"

    def get_context_data(self, **kwargs):
        actions = selectors.my_actions(self.request.user)
        reminded = reminders.reminded_on(actions)
        for action in actions:
            action.reminded_on = reminded.get(action.pk)
        return super().get_context_data(
            actions=actions,
            comments=selectors.comments_awaiting(self.request.user),
            **kwargs,
        )


class ActionPage(AccessRequired, View):
    """The action page and the forms on it: every POST that fails re-renders this page with its errors."""

    roles = access.VIEW_ROLES
    template_name = "plans/action_detail.html"

    def get_object(self) -> Action:
        return get_object_or_404(selectors.action_detail_queryset(), pk=self.kwargs["pk"])

    @property
    def action(self) -> Action:
        return self.object

    def page(self, *, status=200, **forms):
        action = self.action
        user = self.request.user
        can_update = access.can_update_action(user, action)
        progress_form = forms.get("progress_form")
        if progress_form is None and can_update:
            progress_form = ProgressForm.for_values({"status": action.status}, version=action.version)
        override_form = forms.get("override_form")
        if override_form is None and can_update:
            override_form = RagOverrideForm.for_values(override_values(action), version=action.version)
        answer_forms = forms.get("answer_forms", {})
        comments = list(action.comments.all())
        for comment in comments:
            comment.answer_form = answer_forms.get(comment.pk) or AnswerForm(prefix=f"answer-{comment.pk}")
            comment.can_answer = access.can_answer_comment(user, comment)
        failed = next(
            (
                f
                for f in [progress_form, override_form, forms.get("comment_form"), *answer_forms.values()]
                if f is not None and f.is_bound and f.errors
            ),
            None,
        )
        stale = forms.get("stale")
        context = {
            "action": action,
            "rag": selectors.action_current_rag(action),
            "updates": action.updates.all(),
            "comments": comments,
            "history": selectors.action_history(action),
            "can_update": can_update,
            "can_edit": access.can_edit_plan(user, action.plan),
            "can_review": access.can_review(user),
            "progress_form": progress_form,
            "override_form": override_form,
            "comment_form": forms.get("comment_form") or CommentForm(action=action),
            "stale": stale,
            "reminded_on": reminders.reminded_on([action]).get(action.pk),
            "conflicts": failed.conflict_rows(stale) if stale and hasattr(failed, "conflict_rows") else [],
            "form": failed,
            "language_findings": forms.get("language_findings", []),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.page()


class ActionView(ActionPage):
    http_method_names = ["get", "head", "options"]


STALE_MESSAGE = (
    "Someone else changed this action after you opened it, and changed some of the same things you did. "
    "Nothing of yours has been saved yet: compare their values with yours below, then save again to keep yours."
)


class ActionFormView(ActionPage):
    """A versioned form on the action page that calls one service; a conflict shows both people's values."""

    http_method_names = ["post", "options"]
    object_rule = access.can_update_action
    form_class = None
    form_name = ""
    success_message = ""

    def save(self, form) -> None:
        raise NotImplementedError

    def current_values(self, action: Action) -> dict:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.save(form)
            except StaleEdit as stale:
                self.object = selectors.action_detail(self.object.pk)
                rebuilt = form.rebased(stale, self.current_values(self.object))
                rebuilt.add_error(None, STALE_MESSAGE)
                return self.page(status=409, stale=stale, **{self.form_name: rebuilt})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect("plans:action_detail", pk=self.object.pk)
        return self.page(status=400, **{self.form_name: form})


class ActionUpdateView(ActionFormView):
    """Post a progress update and status: it never conflicts with another update, only with a status change."""

    form_class, form_name, success_message = ProgressForm, "progress_form", "Your update has been saved."

    def current_values(self, action):
        return {"status": action.status}

    def post(self, request, *args, **kwargs):
        # A gentle note, once: the text is shown again with the terms a registered checker (the audits glossary)
        # found, and saving again saves it as it is. Updates cannot be edited once saved, so the note comes first.
        form = self.form_class(request.POST)
        if form.is_valid() and not request.POST.get("language_noted"):
            findings = textcheck.check(form.cleaned_data["text"])
            if findings:
                return self.page(progress_form=form, language_findings=findings)
        return super().post(request, *args, **kwargs)

    def save(self, form):
        data = form.cleaned_data
        services.action_add_progress(
            action=self.object,
            by=self.request.user,
            text=data["text"],
            status=data["status"],
            written_on=data["written_on"],
            expected_version=data["version"],
            base=form.base_values(),
        )


class ActionOverrideView(ActionFormView):
    form_class, form_name, success_message = RagOverrideForm, "override_form", "The colour has been set."

    def current_values(self, action):
        return override_values(action)

    def post(self, request, *args, **kwargs):
        if request.POST.get("remove"):
            services.action_clear_rag_override(action=self.object, by=request.user)
            messages.success(request, "The colour you set has been removed; the computed colour shows again.")
            return redirect("plans:action_detail", pk=self.object.pk)
        return super().post(request, *args, **kwargs)

    def save(self, form):
        data = form.cleaned_data
        services.action_set_rag_override(
            action=self.object,
            by=self.request.user,
            colour=data["colour"],
            reason=data["reason"],
            expires=data["expires"],
            expected_version=data["version"],
            base=form.base_values(),
        )


class ActionEditView(AccessRequired, TemplateView):
    roles = access.OWNER_ROLES
    object_rule = access.can_edit_action
    template_name = "plans/action_edit.html"

    def get_object(self):
        return get_object_or_404(selectors.action_detail_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        action = self.object
        form = ActionEditForm.for_values(
            selectors.action_edit_values(action), version=action.version, plan=action.plan, action=action
        )
        return self.render_to_response({"action": action, "form": form})

    def post(self, request, *args, **kwargs):
        action = self.object
        form = ActionEditForm(request.POST, plan=action.plan, action=action)
        if form.is_valid():
            try:
                services.action_update(
                    action=action,
                    by=request.user,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    base=form.base_values(),
                )
            except StaleEdit as stale:
                current = selectors.action_detail(action.pk)
                rebuilt = form.rebased(stale, selectors.action_edit_values(current))
                rebuilt.add_error(None, STALE_MESSAGE)
                context = {
                    "action": current,
                    "form": rebuilt,
                    "stale": stale,
                    "conflicts": rebuilt.conflict_rows(stale),
                }
                return self.render_to_response(context, status=409)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The action has been saved.")
                return redirect("plans:action_detail", pk=action.pk)
        return self.render_to_response({"action": action, "form": form}, status=400)


class CommentCreateView(ActionPage):
    http_method_names = ["post", "options"]
    roles = access.REVIEW_ROLES

    def post(self, request, *args, **kwargs):
        form = CommentForm(request.POST, action=self.object)
        if form.is_valid():
            services.comment_create(
                action=self.object,
                by=request.user,
                text=form.cleaned_data["text"],
                assigned_to=form.cleaned_data["assigned_to"],
            )
            messages.success(request, "Your comment has been added.")
            return redirect("plans:action_detail", pk=self.object.pk)
        return self.page(status=400, comment_form=form)


class CommentRespondView(ActionPage):
    """Answer or resolve a review comment: its assignee, its author, or the plan's owners. Errors show beside it."""

    http_method_names = ["post", "options"]
    object_rule = access.can_answer_comment

    def get_object(self):
        return get_object_or_404(ReviewComment.objects.select_related("action__plan"), pk=self.kwargs["pk"])

    @property
    def action(self) -> Action:
        return selectors.action_detail(self.object.action_id)

    def post(self, request, *args, **kwargs):
        comment = self.object
        back = reverse("plans:action_detail", args=[comment.action_id]) + f"#comment-{comment.pk}"
        form = AnswerForm(request.POST, prefix=f"answer-{comment.pk}")
        try:
            if request.POST.get("resolve"):
                services.comment_resolve(comment=comment, by=request.user)
                messages.success(request, "The comment has been resolved.")
                return redirect(back)
            if form.is_valid():
                services.comment_answer(comment=comment, by=request.user, response=form.cleaned_data["response"])
                messages.success(request, "Your answer has been saved.")
                return redirect(back)
        except ValidationError as error:
            form.is_valid()
            add_service_errors(form, error)
        return self.page(status=400, answer_forms={comment.pk: form})


class GoalView(AccessRequired, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/goal_detail.html"

    def get_object(self):
        return get_object_or_404(Goal.objects.select_related("plan"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.object, measures=selectors.goal_measures(self.object), **kwargs)


class PlaceholderLeadsView(AccessRequired, TemplateView):
    """People named in plans this person may edit who are not linked to an account yet."""

    roles = access.OWNER_ROLES
    template_name = "plans/placeholder_leads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            leads=selectors.placeholder_leads(self.request.user), links=selectors.recent_lead_links(), **kwargs
        )


class LinkLeadView(AccessRequired, TemplateView):
    """Link one placeholder lead to an account: chosen, then confirmed. Only for leads on plans this person edits."""

    roles = access.OWNER_ROLES
    object_rule = access.can_link_lead
    template_name = "plans/link_lead.html"

    def get_object(self):
        return get_object_or_404(Lead, pk=self.kwargs["pk"])

    def respond(self, form, status=200):
        actions = self.object.actions.select_related("plan").order_by("plan__title", "reference")
        return self.render_to_response({"lead": self.object, "form": form, "actions": actions}, status=status)

    def get(self, request, *args, **kwargs):
        return self.respond(LinkLeadForm(lead=self.object))

    def post(self, request, *args, **kwargs):
        form = LinkLeadForm(request.POST, lead=self.object)
        if form.is_valid():
            try:
                services.lead_link_account(lead=self.object, user=form.cleaned_data["user"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{self.object.name} is now linked to {form.cleaned_data['user']}.")
                return redirect("plans:placeholder_leads")
        return self.respond(form, status=400)


class StructureFormView(AccessRequired, TemplateView):
    """A plan owner's form that adds or renames part of a plan; one template, one service call each."""

    roles = access.OWNER_ROLES
    template_name = "plans/structure_form.html"
    form_class = None
    heading = ""
    button = ""
    success_message = ""

    @staticmethod
    def object_rule(user, target) -> bool:
        return access.can_edit_plan(user, target if isinstance(target, Plan) else target.plan)

    def plan_of(self, target) -> Plan:
        return target if isinstance(target, Plan) else target.plan

    def initial(self, target) -> dict:
        return {}

    def save(self, target, data):
        raise NotImplementedError

    def respond(self, form, status=200, **extra):
        target = self.object
        context = {
            "form": form,
            "plan": self.plan_of(target),
            "heading": self.heading,
            "button": self.button,
            "caption": self.caption(target),
            **extra,
        }
        return self.render_to_response(context, status=status)

    def caption(self, target) -> str:
        return self.plan_of(target).title

    def get(self, request, *args, **kwargs):
        return self.respond(self.form_class(initial=self.initial(self.object)))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                saved = self.save(self.object, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url(saved))
        return self.respond(form, status=400)

    def success_url(self, saved) -> str:
        if isinstance(saved, Action):
            return reverse("plans:action_detail", args=[saved.pk])
        return reverse("plans:plan_detail", args=[saved.plan_id]) + f"#goal-{saved.pk}"


class GoalCreateView(StructureFormView):
    form_class, heading, button = GoalForm, "Add a goal", "Add the goal"
    success_message = "The goal has been added."

    def get_object(self):
        return get_object_or_404(Plan, pk=self.kwargs["pk"])

    def save(self, plan, data):
        return services.goal_create(plan=plan, by=self.request.user, **data)


class GoalEditView(StructureFormView):
    form_class, heading, button, success_message = (
        GoalForm,
        "Edit the goal",
        "Save the goal",
        "The goal has been saved.",
    )

    def get_object(self):
        return get_object_or_404(Goal.objects.select_related("plan"), pk=self.kwargs["pk"])

    def initial(self, goal):
        return {"number": goal.number, "title": goal.title, "outcome": goal.outcome}

    def save(self, goal, data):
        return services.goal_update(goal=goal, by=self.request.user, **data)


class ActionCreateView(StructureFormView):
    """A new headline action under a goal, or (with ?parent=) a sub-action under an action of that goal."""

    form_class, heading, button = NewActionForm, "Add an action", "Add the action"
    success_message = "The action has been added."

    def get_object(self):
        goal = get_object_or_404(Goal.objects.select_related("plan"), pk=self.kwargs["pk"])
        raw = self.request.GET.get("parent") or self.request.POST.get("parent")
        self.parent = None
        if raw:
            parent_id = _pk(raw)
            self.parent = Action.objects.filter(pk=parent_id, goal=goal).first() if parent_id else None
            self.bad_parent = self.parent is None
        return goal

    def dispatch(self, request, *args, **kwargs):
        self.bad_parent = False
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.bad_parent:
            return HttpResponseBadRequest("The action to add this under is not in this goal.")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.bad_parent:
            return HttpResponseBadRequest("The action to add this under is not in this goal.")
        return super().post(request, *args, **kwargs)

    def caption(self, goal) -> str:
        under = f"under {self.parent.reference}" if self.parent else f"under goal {goal.number}"
        return f"{goal.plan.title}: {under}"

    def respond(self, form, status=200, **extra):
        return super().respond(form, status, parent=self.parent, **extra)

    def save(self, goal, data):
        return services.action_create(goal=goal, by=self.request.user, parent=self.parent, **data)


class PlanAsAtView(AccessRequired, TemplateView):
    """The plan as it stood at the end of a chosen day: actions, statuses, colours, leads, latest updates."""

    roles = access.VIEW_ROLES
    template_name = "plans/plan_as_at.html"
    http_method_names = ["get", "head", "options"]

    def get_object(self):
        return get_object_or_404(Plan, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        form = AsAtForm(request.GET or None)
        day = timezone.localdate()
        if form.is_bound and form.is_valid() and form.cleaned_data["day"]:
            day = form.cleaned_data["day"]
        goals = past.plan_as_at(self.object, day) if not form.errors else []
        counts = past.rag_counts([a for g in goals for a in g.actions])
        status = 400 if form.errors else 200
        context = {"plan": self.object, "form": form, "day": day, "goals": goals, "counts": counts}
        return self.render_to_response(context, status=status)


class PlanChangesView(AccessRequired, TemplateView):
    """What changed in the plan between two days, grouped by goal: the list a committee asks for."""

    roles = access.VIEW_ROLES
    template_name = "plans/plan_changes.html"
    http_method_names = ["get", "head", "options"]

    def get_object(self):
        return get_object_or_404(Plan, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = ChangesForm(request.GET or None)
        since, until = today - timedelta(days=90), today
        if form.is_bound and form.is_valid():
            since = form.cleaned_data["since"] or since
            until = form.cleaned_data["until"] or until
        goals = past.changes_between(self.object, since, until) if not form.errors else []
        context = {
            "plan": self.object,
            "form": form,
            "since": since,
            "until": until,
            "goals": goals,
            "total": sum(len(g.changes) for g in goals),
        }
        return self.render_to_response(context, status=400 if form.errors else 200)
