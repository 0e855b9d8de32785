"""The roles of posts, and which of them are social workers for the staffing norm."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """What a post is, as the staffing annex and the MRPiPS-03 report count it.

    ``social_worker`` is a social worker of unstated grade; the graded values are the job titles
    of the career path (art. 121b of the Act on social assistance, since 2021; the titles as the
    regulation on the pay of local-government employees names them). Every grade counts as a
    social worker for the staffing norm of art. 110 ust. 11; a manager counts as a manager even
    when qualified as a social worker, as MRPiPS-03 counts them.
    """

    manager = "manager"
    social_worker_aspirant = "social_worker_aspirant"
    social_worker = "social_worker"
    social_worker_senior = "social_worker_senior"
    social_work_specialist = "social_work_specialist"
    social_work_specialist_senior = "social_work_specialist_senior"
    family_assistant = "family_assistant"
    services_organiser = "services_organiser"
    """Organizator usług społecznych (CUS, art. 28 of the act of 19.07.2019)."""
    plan_coordinator = "plan_coordinator"
    """Koordynator indywidualnych planów usług społecznych (CUS, art. 30 of the act of 19.07.2019)."""
    community_organiser = "community_organiser"
    """Organizator społeczności lokalnej (CUS, act of 19.07.2019)."""
    clerk = "clerk"
    specialist = "specialist"
    accountant = "accountant"
    carer = "carer"
    psychologist = "psychologist"
    lawyer = "lawyer"
    other = "other"


SOCIAL_WORKER_ROLES = frozenset(
    {
        Role.social_worker_aspirant,
        Role.social_worker,
        Role.social_worker_senior,
        Role.social_work_specialist,
        Role.social_work_specialist_senior,
    }
)
"""The grades of social worker: together they are the social workers of art. 110 ust. 11."""
