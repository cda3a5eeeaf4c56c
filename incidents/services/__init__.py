"""Every write to incidents: reporting, handling, access, reviews and retention."""

from .access_log import access_record, grant_create, grant_revoke  # noqa: F401
from .handling import (  # noqa: F401
    PAGE_TRANSITIONS,
    TRANSITIONS,
    Transition,
    available,
    checklist_record,
    deadline_extend,
    incident_acknowledge,
    incident_assign,
    incident_close,
    incident_escalate,
    incident_record_outcome,
    incident_reopen,
    incident_start_investigation,
    incident_start_restorative,
    message_from_handler,
)
from .reporting import (  # noqa: F401
    LookupRefused,
    Receipt,
    incident_report,
    incident_report_anonymously,
    message_from_reporter,
    remove_old_key_failures,
    reporter_lookup,
)
from .retention import anonymise_due, incident_anonymise  # noqa: F401
from .reviews import (  # noqa: F401
    review_complete,
    review_create_action,
    review_link_action,
    review_save,
    review_start,
)
