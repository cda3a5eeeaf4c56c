"""The workforce app's vocabularies: kinds of data loaded, employment types, recruitment stages."""

from django.db import models


class Kind(models.TextChoices):
    """What a file holds; each kind has its own long (and wide) format (docs/workforce-data.md)."""

    SNAPSHOT = "snapshot", "Workforce snapshot (headcount by grade)"
    RECRUITMENT = "recruitment", "Recruitment (applied, shortlisted, interviewed, appointed)"
    DEVELOPMENT = "development", "Training and development (eligible, took part)"
    DISCIPLINARY = "disciplinary", "Formal disciplinary processes (headcount, entered)"
    PAY = "pay", "Pay (mean and median hourly pay, pay quartiles)"
    BENCHMARK = "benchmark", "Benchmark (population to compare against)"
    GRADES = "grades", "Grades in order of seniority"


# Kinds stored per quarter and unit (a DataLoad each); benchmarks and grades are stored on their own.
PERIODIC_KINDS = (Kind.SNAPSHOT, Kind.RECRUITMENT, Kind.DEVELOPMENT, Kind.DISCIPLINARY, Kind.PAY)


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"
    STUDENT = "student", "Student or apprentice"


class Stage(models.TextChoices):
    """Recruitment stages in the order candidates pass them."""

    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INTERVIEWED = "interviewed", "Interviewed"
    APPOINTED = "appointed", "Appointed"


STAGE_ORDER = [Stage.APPLIED, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.APPOINTED]
