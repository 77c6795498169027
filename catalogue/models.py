"""Every table, imported in one place so metadata (and Alembic) see the whole schema."""

from catalogue.accounts.models import Role, User
from catalogue.admin.models import AuditLog, ReindexJob
from catalogue.judging.models import JudgeAssignment, Score, ScoreStatus
from catalogue.nominations.models import (
    Attachment,
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationCategory,
    NominationStatus,
)
from catalogue.nominations.revision_models import NominationRevision, RevisionState
from catalogue.outbox.models import MailOutbox, SearchOutbox
from catalogue.taxonomy.models import Category

__all__ = [
    "Attachment",
    "AuditLog",
    "Award",
    "AwardCriterion",
    "AwardProgramme",
    "Category",
    "Cycle",
    "JudgeAssignment",
    "MailOutbox",
    "Nomination",
    "NominationCategory",
    "NominationRevision",
    "NominationStatus",
    "ReindexJob",
    "RevisionState",
    "Role",
    "Score",
    "ScoreStatus",
    "SearchOutbox",
    "User",
]
