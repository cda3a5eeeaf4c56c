"""Plan pages: thin views that check access once, then call a selector (reads) or a service (writes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from organisation.access import RoleRequiredMixin
from organisation.models import Lead

from . import access, selectors, services
from .filters import ActionFilter
from .forms import (
    ActionEditForm,
    AnswerForm,
    CommentForm,
    GoalForm,
    LinkLeadForm,
    NewActionForm,
    PlanSettingsForm,
    ProgressForm,
    RagOverrideForm,
)
from .models import Action, Goal, Plan, ReviewComment


def _form_errors_from(error: ValidationError, form) -> None:
    """Put a service's ValidationError onto the form, so the error summary shows it beside the field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PlanListView(RoleRequiredMixin, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/plan_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(plans=selectors.plan_list(), **kwargs)


class PlanDetailView(RoleRequiredMixin, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(
            Plan.objects.select_related("governance_body").prefetch_related("owning_units", "owners"), pk=kwargs["pk"]
        )
        return super().get_context_data(
            plan=plan,
            tree=selectors.plan_tree(plan),
            rag_counts=selectors.plan_rag_counts(plan),
            history=selectors.plan_history(plan),
            can_edit=access.can_edit_plan(self.request.user, plan),
            **kwargs,
        )


class PlanSettingsView(RoleRequiredMixin, TemplateView):
    roles = access.OWNER_ROLES
    template_name = "plans/plan_settings.html"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def has_object_permission(self, user, plan) -> bool:
        return access.can_edit_plan(user, plan)

    def get(self, request, *args, **kwargs):
        self.check_object(self.plan)
        return self.render_to_response({"plan": self.plan, "form": PlanSettingsForm(instance=self.plan)})

    def post(self, request, *args, **kwargs):
        self.check_object(self.plan)
        form = PlanSettingsForm(request.POST, instance=Plan.objects.get(pk=self.plan.pk))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.plan_update_settings(plan=self.plan, by=request.user, **data)
            except ValidationError as error:
                _form_errors_from(error, form)
            else:
                messages.success(request, "Plan settings saved.")
                return redirect("plans:plan_detail", pk=self.plan.pk)
        return self.render_to_response({"plan": self.plan, "form": form})


class ActionListView(RoleRequiredMixin, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/action_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        queryset = selectors.actions_with_rag().order_by("plan__title", "goal__position", "reference")
        action_filter = ActionFilter(self.request.GET or None, queryset=queryset)
        results = action_filter.qs if action_filter.is_bound and action_filter.is_valid() else queryset
        page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=action_filter, form=action_filter.form, page=page, query=query.urlencode(), **kwargs
        )


class MyActionsView(RoleRequiredMixin, TemplateView):
    roles = access.LEAD_ROLES
    template_name = "plans/my_actions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            actions=selectors.my_actions(self.request.user),
            comments=selectors.comments_awaiting(self.request.user),
            **kwargs,
        )


class ActionView(RoleRequiredMixin, View):
    """The action page; its forms post to the views below, which re-render this page with any errors."""

    roles = access.VIEW_ROLES
    template_name = "plans/action_detail.html"

    def get_action(self) -> Action:
        return get_object_or_404(Action.objects.only("pk"), pk=self.kwargs["pk"])

    def page(self, action: Action | None = None, *, status=200, **forms):
        from django.shortcuts import render

        action = selectors.action_detail(self.kwargs["pk"]) if action is None else action
        user = self.request.user
        can_update = access.can_update_action(user, action)
        context = {
            "action": action,
            "rag": selectors.action_current_rag(action),
            "updates": action.updates.all(),
            "comments": action.comments.all(),
            "history": selectors.action_history(action),
            "can_update": can_update,
            "can_edit": access.can_edit_plan(user, action.plan),
            "can_review": access.can_review(user),
            "progress_form": forms.get("progress_form")
            or (ProgressForm(initial={"version": action.version, "status": action.status}) if can_update else None),
            "override_form": forms.get("override_form")
            or (RagOverrideForm(initial={"version": action.version}) if can_update else None),
            "comment_form": forms.get("comment_form") or CommentForm(),
            "stale": forms.get("stale"),
            "answer_forms": {},
        }
        context["form"] = forms.get("progress_form") or forms.get("override_form") or forms.get("comment_form")
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.page()


STALE_MESSAGE = (
    "Someone else changed this action after you opened it. Nothing of yours has been saved yet: "
    "check their change below, then save again."
)


def _refresh_version(form, version: int) -> None:
    """After a refused save, the form carries the version now stored, so saving again goes through."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = version


class ActionWriteView(ActionView):
    """A form on the action page that calls one service; a stale or invalid save re-renders the page."""

    form_class = None
    form_name = ""
    success_message = ""

    def has_object_permission(self, user, action) -> bool:
        return access.can_update_action(user, action)

    def save(self, action: Action, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        action = self.check_object(selectors.action_detail(kwargs["pk"]))
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.save(action, form.cleaned_data)
            except services.StaleEdit as stale:
                _refresh_version(form, stale.action.version)
                form.add_error(None, STALE_MESSAGE)
                return self.page(selectors.action_detail(action.pk), status=409, stale=stale, **{self.form_name: form})
            except ValidationError as error:
                _form_errors_from(error, form)
            else:
                messages.success(request, self.success_message)
                return redirect("plans:action_detail", pk=action.pk)
        return self.page(action, status=400, **{self.form_name: form})


class ActionUpdateView(ActionWriteView):
    """Post a progress update and status; refused with the other person's change shown if the action moved on."""

    form_class, form_name, success_message = ProgressForm, "progress_form", "Your update has been saved."

    def save(self, action, data):
        services.action_add_progress(
            action=action,
            by=self.request.user,
            text=data["text"],
            status=data["status"],
            written_on=data["written_on"],
            expected_version=data["version"],
        )


class ActionOverrideView(ActionWriteView):
    form_class, form_name, success_message = RagOverrideForm, "override_form", "The colour has been set."

    def post(self, request, *args, **kwargs):
        if request.POST.get("remove"):
            action = self.check_object(selectors.action_detail(kwargs["pk"]))
            services.action_clear_rag_override(action=action, by=request.user)
            messages.success(request, "The colour you set has been removed; the computed colour shows again.")
            return redirect("plans:action_detail", pk=action.pk)
        return super().post(request, *args, **kwargs)

    def save(self, action, data):
        services.action_set_rag_override(
            action=action,
            by=self.request.user,
            colour=data["colour"],
            reason=data["reason"],
            expires=data["expires"],
            expected_version=data["version"],
        )


class ActionEditView(RoleRequiredMixin, TemplateView):
    roles = access.OWNER_ROLES
    template_name = "plans/action_edit.html"

    def has_object_permission(self, user, action) -> bool:
        return access.can_edit_plan(user, action.plan)

    def get_action(self):
        return self.check_object(get_object_or_404(Action.objects.select_related("plan"), pk=self.kwargs["pk"]))

    def get(self, request, *args, **kwargs):
        action = self.get_action()
        form = ActionEditForm(initial=ActionEditForm.initial_for(action), plan=action.plan, action=action)
        return self.render_to_response({"action": action, "form": form})

    def post(self, request, *args, **kwargs):
        action = self.get_action()
        form = ActionEditForm(request.POST, plan=action.plan, action=action)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            data["cross_references"] = data.pop("see_also")
            data["evidence_links"] = data.pop("evidence")
            try:
                services.action_update(action=action, by=request.user, expected_version=version, **data)
            except services.StaleEdit as stale:
                _refresh_version(form, stale.action.version)
                form.add_error(None, STALE_MESSAGE)
                return self.render_to_response({"action": action, "form": form, "stale": stale}, status=409)
            except ValidationError as error:
                _form_errors_from(error, form)
            else:
                messages.success(request, "The action has been saved.")
                return redirect("plans:action_detail", pk=action.pk)
        return self.render_to_response({"action": action, "form": form}, status=400)


class CommentCreateView(ActionView):
    roles = access.REVIEW_ROLES

    def post(self, request, *args, **kwargs):
        action = selectors.action_detail(kwargs["pk"])
        form = CommentForm(request.POST)
        if form.is_valid():
            services.comment_create(
                action=action,
                by=request.user,
                text=form.cleaned_data["text"],
                assigned_to=form.cleaned_data["assigned_to"],
            )
            messages.success(request, "Your comment has been added.")
            return redirect("plans:action_detail", pk=action.pk)
        return self.page(action, status=400, comment_form=form)


class CommentRespondView(RoleRequiredMixin, View):
    """Answer or resolve a review comment: its assignee, its author, or the plan's owners."""

    roles = access.VIEW_ROLES

    def has_object_permission(self, user, comment) -> bool:
        return access.can_answer_comment(user, comment)

    def post(self, request, *args, **kwargs):
        comment = self.check_object(
            get_object_or_404(ReviewComment.objects.select_related("action__plan"), pk=kwargs["pk"])
        )
        try:
            if request.POST.get("resolve"):
                services.comment_resolve(comment=comment, by=request.user)
                messages.success(request, "The comment has been resolved.")
            else:
                form = AnswerForm(request.POST)
                if not form.is_valid():
                    messages.error(request, "Enter your answer before saving it.")
                    return redirect("plans:action_detail", pk=comment.action_id)
                services.comment_answer(comment=comment, by=request.user, response=form.cleaned_data["response"])
                messages.success(request, "Your answer has been saved.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("plans:action_detail", pk=comment.action_id)


class GoalView(RoleRequiredMixin, TemplateView):
    roles = access.VIEW_ROLES
    template_name = "plans/goal_detail.html"

    def get_context_data(self, **kwargs):
        goal = get_object_or_404(Goal.objects.select_related("plan"), pk=kwargs["pk"])
        return super().get_context_data(goal=goal, measures=selectors.goal_measures(goal), **kwargs)


class PlaceholderLeadsView(RoleRequiredMixin, TemplateView):
    """Leads named in imported plans but not yet linked to an account, for a plan owner to link."""

    roles = access.OWNER_ROLES
    template_name = "plans/placeholder_leads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            leads=selectors.placeholder_leads(), accounts=selectors.linkable_accounts(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        lead = get_object_or_404(Lead, pk=request.POST.get("lead"), kind=Lead.Kind.PERSON)
        form = LinkLeadForm(request.POST)
        if form.is_valid():
            services.lead_link_account(lead=lead, user=form.cleaned_data["user"], by=request.user)
            messages.success(request, f"{lead.name} is now linked to {form.cleaned_data['user']}.")
            return redirect("plans:placeholder_leads")
        messages.error(request, "Choose the account this lead is.")
        return redirect("plans:placeholder_leads")


class StructureFormView(RoleRequiredMixin, TemplateView):
    """A plan owner's form that adds or renames part of a plan; one template, one service call each."""

    roles = access.OWNER_ROLES
    template_name = "plans/structure_form.html"
    form_class = None
    heading = ""
    button = ""
    success_message = ""

    def get_target(self):
        raise NotImplementedError

    def plan_of(self, target) -> Plan:
        return target if isinstance(target, Plan) else target.plan

    def has_object_permission(self, user, target) -> bool:
        return access.can_edit_plan(user, self.plan_of(target))

    def initial(self, target) -> dict:
        return {}

    def save(self, target, data):
        raise NotImplementedError

    def respond(self, target, form, status=200):
        context = {
            "form": form,
            "plan": self.plan_of(target),
            "heading": self.heading,
            "button": self.button,
            "caption": self.caption(target),
        }
        return self.render_to_response(context, status=status)

    def caption(self, target) -> str:
        return self.plan_of(target).title

    def get(self, request, *args, **kwargs):
        target = self.check_object(self.get_target())
        return self.respond(target, self.form_class(initial=self.initial(target)))

    def post(self, request, *args, **kwargs):
        target = self.check_object(self.get_target())
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                saved = self.save(target, form.cleaned_data)
            except ValidationError as error:
                _form_errors_from(error, form)
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url(saved))
        return self.respond(target, form, status=400)

    def success_url(self, saved) -> str:
        from django.urls import reverse

        if isinstance(saved, Action):
            return reverse("plans:action_detail", args=[saved.pk])
        return reverse("plans:plan_detail", args=[saved.plan_id]) + f"#goal-{saved.pk}"


class GoalCreateView(StructureFormView):
    form_class, heading, button = GoalForm, "Add a goal", "Add the goal"
    success_message = "The goal has been added."

    def get_target(self):
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

    def get_target(self):
        return get_object_or_404(Goal.objects.select_related("plan"), pk=self.kwargs["pk"])

    def initial(self, goal):
        return {"number": goal.number, "title": goal.title, "outcome": goal.outcome}

    def save(self, goal, data):
        return services.goal_update(goal=goal, by=self.request.user, **data)


class ActionCreateView(StructureFormView):
    """A new headline action under a goal, or (with ?parent=) a sub-action under an action."""

    form_class, heading, button = NewActionForm, "Add an action", "Add the action"
    success_message = "The action has been added."

    def get_target(self):
        goal = get_object_or_404(Goal.objects.select_related("plan"), pk=self.kwargs["pk"])
        parent_id = self.request.GET.get("parent") or self.request.POST.get("parent")
        self.parent = get_object_or_404(Action, pk=parent_id, goal=goal) if parent_id else None
        return goal

    def caption(self, goal) -> str:
        under = f"under {self.parent.reference}" if self.parent else f"under goal {goal.number}"
        return f"{goal.plan.title}: {under}"

    def respond(self, target, form, status=200):
        response = super().respond(target, form, status)
        response.context_data["parent"] = self.parent
        return response

    def save(self, goal, data):
        return services.action_create(goal=goal, by=self.request.user, parent=self.parent, **data)
