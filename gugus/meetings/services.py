"""Writes to meetings, agreements and action items; reminders of due items."""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from gugus.accounts.actors import require_actor
from gugus.accounts.models import User
from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.core import uploads
from gugus.core.errors import NotFound, PermissionDenied, ValidationFailed
from gugus.meetings import access
from gugus.meetings.models import ActionItem, Agreement, Attachment, Meeting, Participant, ReminderSent
from gugus.organisations.models import Agency, SubTaskForce, TaskForce

logger = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension -> (content type, leading bytes that a real file of that type starts with).
ALLOWED_FILES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
# What an action item may concern (app_label.model); models that are not installed are skipped.
CONCERNS_MODELS = (
    "organisations.structureversion",
    "functions.function",
    "budgets.budgetline",
    "regulations.regulation",
    "regulations.regulationversion",
    "regulations.draft",
)
DUE_SOON_DAYS = 7


def _require_editable_task_force(actor, task_force: TaskForce) -> None:
    require_actor(actor)
    if not access.task_forces_editable_by(actor).filter(pk=task_force.pk).exists():
        raise NotFound("Task force not found.")


def _require_editable(actor, meeting: Meeting) -> None:
    _require_editable_task_force(actor, meeting.task_force)


def _agency_valid_on(agency: Agency, on: dt.date) -> None:
    """Refuse an agency under a name it did not carry on ``on``, naming the one it did."""
    from gugus.organisations.selectors import agency_successors_on

    if agency.valid_from and agency.valid_from > on:
        raise ValidationFailed(
            _("%(agency)s did not exist under this name on %(date)s.") % {"agency": agency, "date": on},
            field="agency",
        )
    if agency.valid_to and agency.valid_to < on:
        names = ", ".join(a.abbreviation for a in agency_successors_on(agency, on))
        raise ValidationFailed(
            _("On %(date)s %(agency)s was called %(names)s.") % {"agency": agency, "date": on, "names": names},
            field="agency",
        )


def _clean_text(value: str, field: str, *, required: bool = True, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(_("This field is required."), field=field)
    if max_length and len(value) > max_length:
        raise ValidationFailed(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return value


@transaction.atomic
def meeting_create(
    *,
    actor,
    task_force: TaskForce,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str,
    chair: str,
    chair_agency: Agency | None = None,
    starts_at: dt.time | None = None,
    agenda: str = "",
    minutes: str = "",
    sub_task_force: SubTaskForce | None = None,
    preceded_by: Meeting | None = None,
    participants: list[Agency] | tuple = (),
) -> Meeting:
    """Record a meeting of a task force the actor's secretariat serves."""
    _require_editable_task_force(actor, task_force)
    if kind not in Meeting.Kind.values:
        raise ValidationFailed(_("Unknown kind of meeting."), field="kind")
    if kind == Meeting.Kind.SUB_TASK_FORCE and sub_task_force is None:
        raise ValidationFailed(_("A sub-task-force meeting needs its sub-task-force."), field="sub_task_force")
    if sub_task_force is not None and sub_task_force.structure.task_force_id != task_force.pk:
        raise ValidationFailed(_("This sub-task-force belongs to another task force."), field="sub_task_force")
    if preceded_by is not None and preceded_by.held_on > held_on:
        raise ValidationFailed(_("A follow-up meeting cannot precede the meeting it follows."), field="preceded_by")
    if chair_agency is not None:
        _agency_valid_on(chair_agency, held_on)
    meeting = Meeting.objects.create(
        task_force=task_force,
        kind=kind,
        title=_clean_text(title, "title", max_length=300),
        held_on=held_on,
        starts_at=starts_at,
        place=_clean_text(place, "place", max_length=200),
        chair=_clean_text(chair, "chair", max_length=200),
        chair_agency=chair_agency,
        agenda=agenda or "",
        minutes=minutes or "",
        sub_task_force=sub_task_force,
        preceded_by=preceded_by,
    )
    for agency in participants:
        _agency_valid_on(agency, held_on)
        Participant.objects.create(meeting=meeting, agency=agency)
    audit_record(
        actor=actor,
        action="meeting.create",
        target=meeting,
        data={"kind": kind, "task_force": task_force.pk, "held_on": held_on, "participants": len(participants)},
    )
    return meeting


MEETING_EDITABLE_FIELDS = {"title", "held_on", "starts_at", "place", "chair", "chair_agency", "agenda", "minutes"}


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **changes) -> Meeting:
    """Change a meeting's details (title, date, place, chair, agenda, minutes)."""
    _require_editable(actor, meeting)
    unknown = set(changes) - MEETING_EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name in ("title", "place", "chair"):
        if name in changes:
            changes[name] = _clean_text(changes[name], name, max_length=300 if name == "title" else 200)
    held_on = changes.get("held_on", meeting.held_on)
    if changes.get("chair_agency") is not None:
        _agency_valid_on(changes["chair_agency"], held_on)
    if "held_on" in changes:
        for participant in meeting.participants.select_related("agency"):
            _agency_valid_on(participant.agency, held_on)
    changed = [name for name, value in changes.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, changes[name])
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="meeting.update", target=meeting, data={"fields": sorted(changed)})
    return meeting


@transaction.atomic
def participant_add(*, actor, meeting: Meeting, agency: Agency, representative: str = "") -> Participant:
    """Record that an agency (under its name on the meeting's date) took part."""
    _require_editable(actor, meeting)
    _agency_valid_on(agency, meeting.held_on)
    if Participant.objects.filter(meeting=meeting, agency=agency).exists():
        raise ValidationFailed(_("%(agency)s is already listed.") % {"agency": agency}, field="agency")
    participant = Participant.objects.create(
        meeting=meeting, agency=agency, representative=_clean_text(representative, "representative", required=False)
    )
    audit_record(actor=actor, action="meeting.participant_add", target=meeting, data={"agency": agency.abbreviation})
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: Participant) -> None:
    _require_editable(actor, participant.meeting)
    audit_record(
        actor=actor,
        action="meeting.participant_remove",
        target=participant.meeting,
        data={"agency": participant.agency.abbreviation},
    )
    participant.delete()


def validate_upload(uploaded, field: str = "file") -> tuple[str, str]:
    """Check an uploaded file's size, extension and leading bytes; returns (safe name, content type)."""
    return uploads.validate_upload(uploaded, field=field, allowed=ALLOWED_FILES, max_bytes=MAX_ATTACHMENT_BYTES)


@transaction.atomic
def attachment_add(*, actor, meeting: Meeting, uploaded, title: str = "") -> Attachment:
    """Keep a file with a meeting (at most 10 MB; PDF, office documents, images)."""
    _require_editable(actor, meeting)
    safe_name, content_type = validate_upload(uploaded)
    attachment = Attachment(
        meeting=meeting,
        title=_clean_text(title, "title", required=False, max_length=200) or safe_name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(safe_name, uploaded, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="meeting.attachment_add",
        target=meeting,
        data={"attachment": attachment.pk, "content_type": content_type, "size": uploaded.size},
    )
    return attachment


@transaction.atomic
def agreement_add(*, actor, meeting: Meeting, text: str) -> Agreement:
    """Record an agreement (kesepakatan); it takes the next number in the meeting."""
    _require_editable(actor, meeting)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    number = (meeting.agreements.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    agreement = Agreement.objects.create(meeting=meeting, number=number, text=_clean_text(text, "text"))
    audit_record(actor=actor, action="agreement.add", target=agreement, data={"meeting": meeting.pk, "number": number})
    return agreement


def concerns_models() -> list[str]:
    """The kinds of object an action item may concern, among installed apps."""
    installed = []
    for label in CONCERNS_MODELS:
        app_label, model = label.split(".")
        try:
            apps.get_model(app_label, model)
        except LookupError:
            continue
        installed.append(label)
    return installed


def resolve_concerns(label: str, object_id: str) -> Model:
    """The object named by ``app_label.model`` and id, if that kind is allowed."""
    if label not in concerns_models():
        raise ValidationFailed(_("An action item cannot point to this kind of object."), field="concerns")
    model = apps.get_model(*label.split("."))
    found = model.objects.filter(pk=object_id).first()
    if found is None:
        raise ValidationFailed(_("The object this item concerns does not exist."), field="concerns")
    return found


@transaction.atomic
def action_item_add(
    *,
    actor,
    agreement: Agreement,
    description: str,
    owner_agency: Agency,
    due_on: dt.date,
    concerns: Model | None = None,
    concerns_label: str = "",
) -> ActionItem:
    """Give an agreement an action item owned by an agency (named as on the meeting's date)."""
    meeting = agreement.meeting
    _require_editable(actor, meeting)
    _agency_valid_on(owner_agency, meeting.held_on)
    if due_on < meeting.held_on:
        raise ValidationFailed(_("The due date cannot be before the meeting."), field="due_on")
    concerns_type, concerns_id = None, ""
    if concerns is not None:
        if concerns._meta.label_lower not in concerns_models():
            raise ValidationFailed(_("An action item cannot point to this kind of object."), field="concerns")
        concerns_type, concerns_id = ContentType.objects.get_for_model(concerns), str(concerns.pk)
        concerns_label = concerns_label or str(concerns)
    item = ActionItem.objects.create(
        agreement=agreement,
        description=_clean_text(description, "description"),
        owner_agency=owner_agency,
        due_on=due_on,
        concerns_type=concerns_type,
        concerns_id=concerns_id,
        concerns_label=_clean_text(concerns_label, "concerns_label", required=False, max_length=200),
    )
    audit_record(
        actor=actor,
        action="action_item.add",
        target=item,
        data={"agreement": agreement.pk, "owner": owner_agency.abbreviation, "due_on": due_on},
    )
    return item


@transaction.atomic
def action_item_update(
    *,
    actor,
    item: ActionItem,
    status: str,
    evidence: str | None = None,
    evidence_file=None,
    completed_on: dt.date | None = None,
    due_on: dt.date | None = None,
) -> ActionItem:
    """Move an item to a status; "done" needs evidence (text or file) and a completion date."""
    _require_editable(actor, item.agreement.meeting)
    with transaction.atomic():
        return _item_change(
            actor=actor, item=item, status=status, evidence=evidence, evidence_file=evidence_file,
            completed_on=completed_on, due_on=due_on, action="action_item.update",
        )  # fmt: skip


def action_item_progress(
    *,
    actor,
    item: ActionItem,
    status: str,
    evidence: str | None = None,
    evidence_file=None,
    completed_on: dt.date | None = None,
) -> ActionItem:
    """The owner agency reports progress on its own item (reached through ``access_action_item_for_progress``).

    It may move the item between open, in progress and done, with its evidence; the due date and
    dropping an item stay the secretariat's decisions.
    """
    require_actor(actor)
    if not has_capability(actor, "meetings.report_progress"):
        raise PermissionDenied(_("Your role does not allow this."))
    if status == ActionItem.Status.DROPPED:
        raise PermissionDenied(_("Only the task force's secretariat drops an action item."))
    with transaction.atomic():
        return _item_change(
            actor=actor, item=item, status=status, evidence=evidence, evidence_file=evidence_file,
            completed_on=completed_on, due_on=None, action="action_item.progress",
        )  # fmt: skip


def _item_change(
    *, actor, item: ActionItem, status, evidence, evidence_file, completed_on, due_on, action: str
) -> ActionItem:
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if status not in ActionItem.Status.values:
        raise ValidationFailed(_("Unknown status."), field="status")
    changed: list[str] = []
    if evidence is not None and evidence.strip() != item.evidence:
        item.evidence = evidence.strip()
        changed.append("evidence")
    if evidence_file is not None:
        safe_name, _type = validate_upload(evidence_file, field="evidence_file")
        item.evidence_file.save(safe_name, evidence_file, save=False)
        changed.append("evidence_file")
    if due_on is not None and due_on != item.due_on:
        if due_on < item.agreement.meeting.held_on:
            raise ValidationFailed(_("The due date cannot be before the meeting."), field="due_on")
        item.due_on = due_on
        changed.append("due_on")
    if status == ActionItem.Status.DONE:
        if not item.evidence and not item.evidence_file:
            raise ValidationFailed(_("Describe or attach the evidence of completion."), field="evidence")
        completed_on = completed_on or item.completed_on or dt.date.today()
        if completed_on < item.agreement.meeting.held_on:
            raise ValidationFailed(_("Completion cannot be before the meeting."), field="completed_on")
        if item.completed_on != completed_on:
            item.completed_on = completed_on
            changed.append("completed_on")
    elif item.completed_on is not None:
        item.completed_on = None
        changed.append("completed_on")
    if status != item.status:
        item.status = status
        changed.append("status")
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=action, target=item, data={"fields": changed, "status": status})
    return item


def _recipients(item: ActionItem) -> list[str]:
    """E-mail addresses of the owner agency's users and of the meeting's secretariat."""
    owner_ids = set()
    from gugus.organisations.selectors import agency_successors_on

    for agency in agency_successors_on(item.owner_agency, dt.date.today()):
        owner_ids.add(agency.pk)
    owner_ids.add(item.owner_agency_id)
    users = User.objects.filter(is_active=True).exclude(email="")
    owners = users.filter(unit__agency_id__in=owner_ids)
    secretariat = users.filter(task_force_id=item.agreement.meeting.task_force_id)
    emails = {u.email for u in [*owners, *secretariat] if has_capability(u, "meetings.view")}
    return sorted(emails)


def reminders_send(
    *, today: dt.date | None = None, days_before: int = DUE_SOON_DAYS, also_to: tuple[str, ...] = (), connection=None
) -> dict:
    """Send each open item's "due soon" and "overdue" reminders once; returns counts.

    Idempotent: a reminder of a kind is recorded per item and due date, so running the command
    twice (or from two schedulers) sends nothing more; moving the due date re-arms it.
    ``also_to`` adds fixed addresses (a secretariat's shared mailbox) to every reminder.
    """
    today = today or dt.date.today()
    counts = {"due_soon": 0, "overdue": 0, "skipped_no_recipient": 0}
    open_items = ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES).select_related(
        "agreement__meeting__task_force", "owner_agency"
    )
    candidates = [
        (item, ReminderSent.Kind.OVERDUE if item.due_on < today else ReminderSent.Kind.DUE_SOON)
        for item in open_items.filter(due_on__lte=today + dt.timedelta(days=days_before))
    ]
    connection = connection or get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for item, kind in candidates:
            _remind(item, kind, also_to, connection, counts)
    return counts


def _remind(item: ActionItem, kind: str, also_to, connection, counts: dict) -> None:
    if ReminderSent.objects.filter(action_item=item, kind=kind, due_on=item.due_on).exists():
        return
    recipients = sorted(set(_recipients(item)) | set(also_to))
    if not recipients:
        counts["skipped_no_recipient"] += 1
        return
    meeting = item.agreement.meeting
    subject = (
        _("Overdue action item: %(title)s")
        if kind == ReminderSent.Kind.OVERDUE
        else _("Action item due soon: %(title)s")
    ) % {"title": meeting.title[:80]}
    body = _(
        "Meeting: %(meeting)s (%(date)s)\nAgreement %(number)d: %(agreement)s\n\nAction item: %(item)s\n"
        "Owner: %(owner)s\nDue: %(due)s\nStatus: %(status)s\n"
    ) % {
        "meeting": meeting.title,
        "date": meeting.held_on.isoformat(),
        "number": item.agreement.number,
        "agreement": item.agreement.text,
        "item": item.description,
        "owner": item.owner_agency.abbreviation,
        "due": item.due_on.isoformat(),
        "status": item.get_status_display(),
    }
    try:
        with transaction.atomic():
            ReminderSent.objects.create(action_item=item, kind=kind, due_on=item.due_on, recipients=len(recipients))
            audit_record(
                actor="scheduler",
                action="action_item.remind",
                target=item,
                data={"kind": kind, "due_on": item.due_on, "recipients": len(recipients)},
            )
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, to=[], bcc=recipients, connection=connection
            )
            # Sent inside the transaction: if sending fails, the record is rolled back and retried next run.
            message.send()
    except IntegrityError:
        return  # another run recorded it first
    counts[kind] += 1
