"""Every write to plans: progress, status, RAG overrides, structure edits, comments, imports."""

from .actions import (  # noqa: F401
    action_add_progress,
    action_clear_rag_override,
    action_set_rag_override,
    action_update,
    apply_timescale,
    plan_update_settings,
)
from .comments import comment_answer, comment_create, comment_resolve  # noqa: F401
from .dates import DatesRefused, DueDate, actions_set_due_dates  # noqa: F401
from .imports import (  # noqa: F401
    ImportRejected,
    ImportSummary,
    import_choose,
    import_confirm,
    import_parsed,
    import_preview,
    import_upload,
    plan_import,
)
from .leads import lead_link_account, leads_resolve  # noqa: F401
from .measures import measure_refresh, refresh_computed_measures  # noqa: F401
from .structure import action_create, goal_create, goal_update  # noqa: F401
