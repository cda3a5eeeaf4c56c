"""The handler's checklist for each kind of incident, from the Practice Standards (seed 004, standards 17-31, 40)."""

from typing import NamedTuple

from .models import Kind, Step


class StepGuide(NamedTuple):
    step: Step
    standards: str  # the standards it comes from, as people cite them
    guidance: str  # what "done" means, shown on the step's form


GUIDES: dict[Step, StepGuide] = {
    g.step: g
    for g in [
        StepGuide(
            Step.ACKNOWLEDGE,
            "17, 22",
            "Tell the person the report has been received and taken seriously; acknowledge and validate their "
            "experience.",
        ),
        StepGuide(
            Step.STATEMENT,
            "26",
            "Record what the child or family said in their own words, confirm with them that it is accurate, and "
            "give them a copy.",
        ),
        StepGuide(
            Step.SAFETY_PLAN,
            "25",
            "Put an immediate safety plan in place and identify advocacy support (Children's Rights Officers, "
            "clinical colleagues, the Race Equality and Inclusion Service).",
        ),
        StepGuide(
            Step.STAFF_SUPPORT,
            "30",
            "Managers and senior managers offer support to the member of staff who was harmed.",
        ),
        StepGuide(
            Step.INVESTIGATION,
            "20, 21, 29",
            "Investigate under the complaints procedure (or the staff procedure) within its timescales.",
        ),
        StepGuide(
            Step.LADO,
            "21",
            "Consider a referral to the Local Authority Designated Officer where an allegation concerns someone who "
            "works with children; record the decision, the date and the outcome.",
        ),
        StepGuide(
            Step.PARTNER_ESCALATION,
            "19, 40",
            "Raise it with the partner agency under the City & Hackney Safeguarding Children Partnership's "
            "Curiosity, Challenge and Escalation protocol; record the agency and the date.",
        ),
        StepGuide(
            Step.SERVICE_USER_CONTACT,
            "31",
            "After the investigation, contact the service user to discuss the options and any parenting support "
            "needed.",
        ),
        StepGuide(
            Step.CASE_AUDIT,
            "22",
            "Arrange a case audit to review the learning; services explore training in line with the standards.",
        ),
        StepGuide(
            Step.OUTCOME_SHARED,
            "27",
            "Share the outcome sensitively with those concerned, with any non-confidential actions being taken.",
        ),
        StepGuide(
            Step.SATISFACTION,
            "27",
            "Ask the person affected whether they were satisfied with the outcome, and record their answer.",
        ),
        StepGuide(
            Step.REVIEW_POINTS,
            "27",
            "Plan monitoring and review points in respect of the child's or family's experience of racism.",
        ),
    ]
}

CHECKLISTS: dict[Kind, tuple[Step, ...]] = {
    Kind.DISCLOSURE: (
        Step.ACKNOWLEDGE,
        Step.STATEMENT,
        Step.SAFETY_PLAN,
        Step.LADO,
        Step.INVESTIGATION,
        Step.CASE_AUDIT,
        Step.REVIEW_POINTS,
        Step.OUTCOME_SHARED,
        Step.SATISFACTION,
    ),
    Kind.TOWARDS_STAFF: (
        Step.ACKNOWLEDGE,
        Step.STAFF_SUPPORT,
        Step.INVESTIGATION,
        Step.SERVICE_USER_CONTACT,
        Step.OUTCOME_SHARED,
        Step.SATISFACTION,
    ),
    Kind.PARTNER: (
        Step.ACKNOWLEDGE,
        Step.STAFF_SUPPORT,
        Step.PARTNER_ESCALATION,
        Step.LADO,
        Step.OUTCOME_SHARED,
        Step.SATISFACTION,
    ),
    Kind.COLLEAGUES: (
        Step.ACKNOWLEDGE,
        Step.STAFF_SUPPORT,
        Step.INVESTIGATION,
        Step.LADO,
        Step.OUTCOME_SHARED,
        Step.SATISFACTION,
    ),
    Kind.COMPLAINT: (
        Step.ACKNOWLEDGE,
        Step.INVESTIGATION,
        Step.LADO,
        Step.CASE_AUDIT,
        Step.SERVICE_USER_CONTACT,
        Step.REVIEW_POINTS,
        Step.OUTCOME_SHARED,
        Step.SATISFACTION,
    ),
}


def steps_for(kind: str) -> tuple[Step, ...]:
    return CHECKLISTS[Kind(kind)]


def guide(step: str) -> StepGuide:
    return GUIDES[Step(step)]
