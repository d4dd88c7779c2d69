"""The besluit op AVG-verzoek as a letter (RULES.md §6): verloop, dictum per right, motivering
with the grounds and the participants' restriction motivations, the art. 15(1) information and
the data annex per participant, the art. 19 recipients, the bezwaarclausule and the signature
under mandate. Built on the request letters' frame (one addressee, one clause of each kind)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.coordination import outcome as coordination
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.rules import ANSWERED
from avg_service.coordination.rules import GROUNDS_BY_CODE as RESTRICTION_GROUNDS
from avg_service.coordination.models import ThirdParty
from avg_service.coordination.services import copy_entries
from avg_service.decisions.catalogue import (
    CHANGE_NOUN,
    DICTUM,
    GROUNDS_BY_CODE,
    REQUEST_NOUN,
    Outcome,
    carried_out,
    suspension_sentence,
)
from avg_service.decisions.models import Decision
from avg_service.extensions import db
from avg_service.hearing import services as hearing
from avg_service.hearing.models import Hearing
from avg_service.letters.models import Letter
from avg_service.letters.services import LetterKind, loader, register_kind
from avg_service.organisations.catalogue import DecisionMode
from avg_service.requests import letters as frame
from avg_service.requests.models import DataSubjectRequest

TEMPLATE_VERSION = "2026.4"


def _decision(letter: Letter) -> Decision:
    decision = None
    if letter.id is not None:  # a preview's letter is transient: ``letter_id IS NULL`` would
        # match any other request's draft, so it is found by its request only
        decision = db.session.scalar(sa.select(Decision).where(Decision.letter_id == letter.id))
    if decision is None:
        decision = db.session.scalar(sa.select(Decision).where(Decision.dsr_id == letter.dsr_id))
    if decision is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no decision")
    return decision


# ------------------------------------------------------------------------------ loading
# Loaders, like ``frame.load_request``, so a preview or a test can hand the context objects
# built in memory (``avg_service.letters.preview``).
@loader
def load_decision(letter: Letter) -> Decision:
    """The decision the besluit letter prints."""
    return _decision(letter)


@loader
def load_tasks(dsr: DataSubjectRequest) -> list[CoordinationTask]:
    """The request's coordination tasks, in the order they were created."""
    return list(db.session.scalars(sa.select(CoordinationTask).where(
        CoordinationTask.dsr_id == dsr.id).order_by(CoordinationTask.id)))


@loader
def load_hearings(dsr: DataSubjectRequest) -> list[Hearing]:
    """The hearings on the request (Awb 4:7, 4:8), in the order they were recorded."""
    return hearing.hearings_of(dsr)


def answered_tasks(tasks: list[CoordinationTask]) -> list[CoordinationTask]:
    """The tasks whose answer the besluit reports, and whose files go with it as the copy."""
    return [t for t in tasks if t.status_enum in ANSWERED and t.answer]


@loader
def load_third_party_recipients(dsr: DataSubjectRequest) -> list[ThirdParty]:
    """The incidental third parties recorded as having received results (WGS 2.31)."""
    return list(db.session.scalars(sa.select(ThirdParty).where(
        ThirdParty.dsr_id == dsr.id, ThirdParty.role == "recipient").order_by(ThirdParty.id)))


def art19_recipients(answered: list[CoordinationTask], third_parties: list[ThirdParty]
                     ) -> list[str]:
    """AVG art. 19: who hears of a change carried out, as structured values: the participants
    that hold the data (they carry it out in their own records) and the incidental third
    parties recorded as recipients. A participant's free-text recipients line ("Geen") is not
    a recipient; it stays in the annex as that participant wrote it (15(1)(c))."""
    names = [frame.in_sentence(t.organisation.name) for t in answered
             if t.answer is not None and t.answer.holds_data]
    names += [party.name for party in third_parties]
    return list(dict.fromkeys(names))


def besluit_context(letter: Letter) -> dict[str, Any]:
    dsr = frame.load_request(letter)
    decision = load_decision(letter)
    settings = frame.contact_point_settings()
    context = frame.base_context(letter, dsr, settings, subject=frame.besluit_subject(dsr))
    tasks = load_tasks(dsr)
    answered = answered_tasks(tasks)
    history = [f"Op {frame.date_nl(dsr.received_on)} hebben wij uw verzoek ontvangen."]
    for invitation in dsr.invitations:
        history.append(
            f"Op {frame.date_nl(invitation.sent_on)} hebben wij u gevraagd uw verzoek aan te "
            f"vullen, uiterlijk op {frame.date_nl(invitation.term_until)}. "
            + suspension_sentence(invitation.suspension_days()))
    if dsr.extended_at is not None:
        history.append(
            f"Op {frame.date_nl(law.receipt_date(dsr.extended_at))} hebben wij de termijn "
            f"verlengd: {dsr.extension_reason}")
    if tasks:
        history.append("Wij hebben uw verzoek voorgelegd aan: "
                       + frame.join_nl([frame.in_sentence(t.organisation.name)
                                        for t in tasks]) + ". Zij hebben het volgende laten "
                       "weten:")
    controllers = [line.text for line in coordination.controller_lines(tasks)]
    if decision.history_note:
        history.append(decision.history_note)
    parts = []
    for part in decision.parts:
        outcome = Outcome(part.outcome)
        parts.append({
            "right": part.right,
            "dictum": DICTUM[outcome].format(verzoek=REQUEST_NOUN[part.right]),
            "motivation": frame.lines(part.motivation),
            "sources": [GROUNDS_BY_CODE[c].source for c in part.ground_codes],
            "measures": frame.lines(part.measures),
        })
    # UAVG 41(2)(h): a restriction whose notice would defeat its purpose is never stated, and
    # nothing in the letter depends on whether one exists (the neutral sentence is always
    # there for access); its reasons stay in the file (Awb 8:29).
    restrictions = []
    for task in answered:
        for restriction in coordination.visible_restrictions(task):
            ground = RESTRICTION_GROUNDS[restriction.ground]
            restrictions.append({"organisation": task.organisation.name,
                                 "ground": f"{ground.label} ({ground.source})",
                                 "motivation": frame.lines(restriction.motivation),
                                 "weighing": coordination.weighing_text(restriction),
                                 "withheld": frame.lines(restriction.withheld_categories)})
    rights = {r.value for r in dsr.rights_list}
    annex = [{"organisation": t.organisation.name, "holds_data": t.answer.holds_data,
              "categories": frame.lines(t.answer.categories),
              "purposes": frame.lines(t.answer.purposes),
              # AVG 15(1)(g): the source is the organisation that supplied the data to the
              # samenwerkingsverband, not the name of one of its systems
              "source": t.organisation.name,
              "recipients": frame.lines(t.answer.recipients),
              "retention": frame.lines(t.answer.retention),
              # never what a participant withholds (UAVG 41, AVG 15(4)): not its entries,
              # not its files, nor the letter it answered in
              "entries": copy_entries(t.answer),
              "files": [f.filename for f in t.data_files]}
             for t in answered if t.answer is not None and t.answer.holds_data]
    changes = [CHANGE_NOUN[p.right] for p in decision.parts
               if carried_out(p.right, Outcome(p.outcome))]
    third_party_records = load_third_party_recipients(dsr)
    third_parties = [party.name for party in third_party_records]
    organisations = [t.organisation for t in tasks]
    under_mandate = [o for o in organisations if o.decision_mode == DecisionMode.MANDATE]
    own_deciders = [o for o in organisations if o.decision_mode == DecisionMode.SELF]
    context.update(
        history=history, controllers=controllers,
        # Awb 4:7/4:8 (RULES.md §6 item 5): who was heard and how it was weighed, a third
        # party never by name; after the participants' answers, as it happened
        heard=hearing.verloop_lines(load_hearings(dsr)), parts=parts, restrictions=restrictions,
        neutral_sentence=coordination.NEUTRAL_SENTENCE,
        access="15" in rights, annex=annex,
        any_data=bool(annex), third_parties=third_parties,
        # Who decides per joint controller (organisations.catalogue.DecisionMode; RULES.md
        # §11.2): under mandate the letter says on whose behalf (Awb 10:10); a controller that
        # decides itself is named with the organ for bezwaar on its part (Awb 6:4).
        mandates=[{"name": o.name, "reference": o.mandate_reference,
                   "on": frame.date_nl(o.mandate_on) if o.mandate_on else ""}
                  for o in under_mandate],
        own_deciders=[{"name": o.name, "address": frame.lines(o.own_objection_address)}
                      for o in own_deciders],
        art19_changes=frame.join_nl(changes),
        art19_recipients=art19_recipients(answered, third_party_records) if changes else [],
        objection=frame.objection_context(letter, settings),
        has_refusal=any(Outcome(p.outcome) is not Outcome.GRANTED for p in decision.parts),
        due_on=frame.date_nl(dsr.due_on),
        decided_in_time=law.receipt_date(decision.approved_at) <= dsr.due_on
        if decision.approved_at else True,
    )
    return context


def besluit_12_5_context(letter: Letter) -> dict[str, Any]:
    """UAVG 34 besluit not to act on the request (AVG 12(5)(b)): which of the two, kennelijk
    ongegrond or buitensporig, and why (the controller bears the burden of proof), with the
    AVG 12(4) information and the bezwaarclausule."""
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    context = frame.base_context(letter, dsr, settings, subject=frame.besluit_subject(dsr))
    ground = GROUNDS_BY_CODE.get(dsr.refusal_ground or "")
    context.update(
        ground_label=ground.label.lower() if ground else None,
        refusal_reason=frame.lines(_required_text(dsr.refusal_reason, dsr)),
        objection=frame.objection_context(letter, settings),
    )
    return context


def _required_text(value: str | None, dsr: DataSubjectRequest) -> str:
    if not value:
        raise frame.LetterDataMissing(f"request {dsr.reference}: the reasons are missing")
    return value


def besluit_niet_in_behandeling_context(letter: Letter) -> dict[str, Any]:
    """Awb 4:5(1) besluit: identity, representation or other information asked for did not
    arrive within the term."""
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    invitation = frame.last_expired_invitation(dsr)
    if invitation is None:
        raise frame.LetterDataMissing(f"request {dsr.reference}: no expired invitation")
    context = frame.base_context(letter, dsr, settings, subject=frame.besluit_subject(dsr))
    context.update(
        invitation={
            "what": invitation.what,
            "is_identity": invitation.purpose == "identity",
            "is_representation": invitation.purpose == "representation",
            "sent_on": frame.date_nl(invitation.sent_on),
            "term_until": frame.date_nl(invitation.term_until),
        },
        objection=frame.objection_context(letter, settings),
    )
    return context


def besluit_overleden_context(letter: Letter) -> dict[str, Any]:
    """UAVG 34 besluit on a request about a person who has died: the AVG protects the data of
    living persons only (recital 27; art. 4(1)), so the request is afgewezen; how the death was
    established, what the requester can do instead, the bezwaarclausule."""
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    record = dsr.deceased
    if record is None:
        raise frame.LetterDataMissing(f"request {dsr.reference}: the death is not recorded")
    decision = load_decision(letter)
    context = frame.base_context(letter, dsr, settings, subject=frame.besluit_subject(dsr))
    person = dsr.represented_name if dsr.representation != "self" and dsr.represented_name \
        else None
    person = person or "de persoon over wie uw verzoek gaat"
    context.update(
        person=person, person_in_front=person[:1].upper() + person[1:],
        died_on=frame.plain_date_nl(record.died_on) if record.died_on else None,
        established=DEATH_ESTABLISHED_SENTENCE[record.established_by],
        history_note=frame.lines(decision.history_note),
        objection=frame.objection_context(letter, settings),
    )
    return context


#: How the death was established, as the letter says it (the fact the besluit rests on,
#: Awb 3:46); the requester's own statement is named as such.
DEATH_ESTABLISHED_SENTENCE = {
    "brp": "Dat blijkt uit de Basisregistratie Personen (BRP).",
    "akte": "Dat blijkt uit een kopie van de akte van overlijden.",
    "deelnemer": "Dat blijkt uit de registratie van een van de deelnemers van het "
                 "samenwerkingsverband.",
    "verklaring": "Dat heeft u ons laten weten.",
}


#: The kinds that are a besluit and so carry the bezwaarclausule (Awb 3:45) and go through
#: four eyes.
BESLUIT_KINDS = frozenset({"besluit", "besluit_12_5", "besluit_niet_in_behandeling",
                           "besluit_overleden"})

register_kind(LetterKind(name="besluit", title="Besluit op AVG-verzoek",
                         template="letters/besluit.html", version=TEMPLATE_VERSION,
                         context=besluit_context))
register_kind(LetterKind(name="besluit_12_5", title="Besluit: geen gevolg (AVG 12(5))",
                         template="letters/besluit_12_5.html", version=TEMPLATE_VERSION,
                         context=besluit_12_5_context))
register_kind(LetterKind(name="besluit_niet_in_behandeling",
                         title="Besluit: niet in behandeling (Awb 4:5)",
                         template="letters/besluit_niet_in_behandeling.html",
                         version=TEMPLATE_VERSION, context=besluit_niet_in_behandeling_context))
register_kind(LetterKind(name="besluit_overleden",
                         title="Besluit: AVG niet van toepassing, betrokkene overleden",
                         template="letters/besluit_overleden.html", version=TEMPLATE_VERSION,
                         context=besluit_overleden_context))
