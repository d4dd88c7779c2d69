"""The letters of the bezwaar phase, registered as letter kinds on the request letters' frame.

A letter belongs to a bezwaar by its kenmerk (``Bezwaar.kenmerk``). It goes to the indiener, or
to the gemachtigde with the name of the person it concerns (Awb 6:17, 2:1). The kinds:
ontvangstbevestiging (6:14), herstel verzuim (6:6), uitnodiging hoorzitting (7:2, 7:4),
verdaging (7:10(3)) and verder uitstel (7:10(4)), and the beslissing op bezwaar (7:11, 7:12)
with the beroepsclausule (6:7, 8:1, 8:7; griffierecht). Dates are formatted here, so the
templates only place words. A context refuses (``LetterDataMissing``) rather than print a hole.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa

from avg_service.accounts.models import User
from avg_service.bezwaar import rules
from avg_service.bezwaar.models import (
    CHANNELS,
    LateNotice,
    PenaltyFixing,
    Bezwaar,
    BezwaarDecision,
    BezwaarDecisionPart,
    BezwaarHearing,
    BezwaarRepair,
    BezwaarStatus,
    RulingStatus,
)
from avg_service.clock import AMSTERDAM
from avg_service.decisions.catalogue import DICTUM, GROUNDS_BY_CODE, REQUEST_NOUN, Outcome
from avg_service.decisions.models import (
    DECISION_KIND_LABELS,
    Decision,
    DecisionKind,
    DecisionStatus,
    DefaultNotice,
)
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import Given, LetterKind, loader, register_kind
from avg_service.organisations.catalogue import JOINT_CONTROLLERS
from avg_service.organisations.models import ContactPointSettings
from avg_service.requests import letters as frame
from avg_service.requests.lifecycle import RIGHT_LABELS, Right
from avg_service.requests.models import DataSubjectRequest

TEMPLATE_VERSION: Final = "2026.2"


# ------------------------------------------------------------------------------ loading
@loader
def load_bezwaar(letter: Letter) -> Bezwaar:
    """The bezwaar the letter is about (module level, so a preview can hand one in memory)."""
    bezwaar = db.session.scalar(sa.select(Bezwaar).where(Bezwaar.kenmerk == letter.kenmerk,
                                                         Bezwaar.dsr_id == letter.dsr_id))
    if bezwaar is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no bezwaar {letter.kenmerk}")
    return bezwaar


@loader
def load_user_name(user_id: int | None) -> str | None:
    user = db.session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else None


# ------------------------------------------------------------------------------ the frame
def person_name(bezwaar: Bezwaar) -> str:
    """Whom the besluit is about: the person represented on the request, else the requester."""
    dsr = bezwaar.dsr
    return dsr.represented_name or dsr.full_name


def addressee_lines(bezwaar: Bezwaar) -> list[str]:
    """Awb 6:17: with a gemachtigde the letters go to the gemachtigde, with the name of the
    person it concerns; otherwise to the requester as on the request."""
    if not bezwaar.by_representative:
        return frame.addressee_lines(bezwaar.dsr)
    block = [bezwaar.representative_name or "", f"inzake {person_name(bezwaar)}"]
    block += frame.lines(bezwaar.representative_address)
    if not bezwaar.representative_address and bezwaar.representative_email:
        block.append(bezwaar.representative_email)
    return block


def bezwaar_context(letter: Letter, *, subject: str) -> tuple[Bezwaar, ContactPointSettings,
                                                               dict[str, Any]]:
    """The frame of every bezwaar letter: the request letters' frame, addressed per 6:17, and
    what each letter says about the bezwaar and the besluit it contests."""
    bezwaar = load_bezwaar(letter)
    dsr = bezwaar.dsr
    decision = bezwaar.decision
    settings = frame.contact_point_settings()
    context = frame.base_context(letter, dsr, settings, subject=subject)
    if decision.verzenddatum is None:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: the besluit was not sent")
    name = bezwaar.representative_name if bezwaar.by_representative else dsr.full_name
    context.update(
        addressee=addressee_lines(bezwaar),
        salutation=f"Geachte {name},",
        bezwaar={
            "kenmerk": bezwaar.kenmerk,
            "received_on": frame.date_nl(bezwaar.received_on),
            "channel": CHANNELS[bezwaar.channel].lower(),
            "by_representative": bezwaar.by_representative,
            "representative": bezwaar.representative_name,
            "person": person_name(bezwaar),
            "committee": bezwaar.committee,
            "due_on": frame.date_nl(bezwaar.decision_due_on),
            "weeks": bezwaar.term().weeks,
            "period_end": frame.date_nl(bezwaar.period_end),
        },
        besluit={
            "kind": DECISION_KIND_LABELS[decision.kind_enum].lower(),
            "sent_on": frame.date_nl(decision.verzenddatum),
            "kenmerk": dsr.reference,
        },
    )
    return bezwaar, settings, context


# ------------------------------------------------------------------------------ the kinds
def ontvangst_context(letter: Letter) -> dict[str, Any]:
    """Awb 6:14(1): the receipt confirmed in writing; with it the term of 7:10, what happens
    next (herstel 6:6, hearing 7:2), and whether the joint controllers were told."""
    bezwaar, _, context = bezwaar_context(
        letter, subject="Bevestiging van ontvangst van uw bezwaarschrift")
    found = rules.timeliness(bezwaar.decision.verzenddatum or bezwaar.received_on,
                             bezwaar.received_on, bezwaar.posted_on)
    context.update(
        on_time=bezwaar.on_time,
        period_end=frame.date_nl(found.period_end),
        defects=[rules.DEFECT_LABELS[d] for d in bezwaar.defect_list],
        controllers_informed_on=frame.date_nl(bezwaar.controllers_informed_on)
        if bezwaar.controllers_informed_on else None,
        joint_controllers=[frame.in_sentence(c.name) for c in JOINT_CONTROLLERS],
    )
    return context


def _repair_of(letter: Letter, bezwaar: Bezwaar) -> BezwaarRepair:
    found = next((r for r in bezwaar.repairs if r.letter_id == letter.id), None)
    if found is None and letter.id is None and bezwaar.repairs:  # a preview
        found = bezwaar.repairs[-1]
    if found is None:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: no repair of {letter.id}")
    return found


def herstel_context(letter: Letter) -> dict[str, Any]:
    """Awb 6:6: what is missing, the term to repair it, and that without repair the bezwaar can
    be declared niet-ontvankelijk; the 7:10 term stands still meanwhile (7:10(2))."""
    bezwaar, _, context = bezwaar_context(letter, subject="Uw bezwaarschrift is niet compleet")
    repair = _repair_of(letter, bezwaar)
    context.update(
        missing=[rules.DEFECT_LABELS[d] for d in repair.defect_list],
        grounds_missing=rules.Defect.GROUNDS in repair.defect_list,
        signature_missing=rules.Defect.SIGNATURE in repair.defect_list,
        authorisation_missing=rules.Defect.AUTHORISATION in repair.defect_list,
        term_until=frame.date_nl(repair.term_until),
        # "met ingang van de dag na die waarop de indiener is verzocht" (7:10(2))
        suspended_from=frame.date_nl(repair.sent_on + timedelta(days=1)),
    )
    return context


def _hearing_of(letter: Letter, bezwaar: Bezwaar) -> BezwaarHearing:
    found = next((h for h in bezwaar.hearings if h.letter_id == letter.id), None)
    if found is None and letter.id is None and bezwaar.hearings:  # a preview
        found = bezwaar.hearings[-1]
    if found is None:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: no hearing of {letter.id}")
    return found


def hoorzitting_context(letter: Letter) -> dict[str, Any]:
    """Awb 7:2: the invitation to be heard: when and where, who hears (not involved in the
    besluit, 7:5), where and from when the documents lie open (7:4(2), (3)), further documents
    up to ten days before (7:4(1)), copies (7:4(4)), bringing someone (2:1(1))."""
    bezwaar, _, context = bezwaar_context(letter,
                                          subject="Uitnodiging voor de hoorzitting over uw "
                                                  "bezwaar")
    hearing = _hearing_of(letter, bezwaar)
    local = hearing.hearing_at.astimezone(AMSTERDAM)
    context.update(hearing={
        "on": frame.date_nl(local.date()),
        "time": f"{local:%H:%M}",
        "place": frame.lines(hearing.place),
        "hearer": load_user_name(hearing.hearer_id),
        "documents_from": frame.date_nl(hearing.documents_from),
        "documents_place": frame.lines(hearing.documents_place),
        "further_until": frame.date_nl(rules.further_documents_until(local.date())),
    })
    return context


def verdaging_context(letter: Letter) -> dict[str, Any]:
    """Awb 7:10(3): the decision is deferred, with the reasons and the new date."""
    bezwaar, _, context = bezwaar_context(letter, subject="Wij hebben meer tijd nodig voor de "
                                                          "beslissing op uw bezwaar")
    if not bezwaar.deferral_weeks or not bezwaar.deferral_reason:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: not deferred")
    term = rules.decision_term(bezwaar.period_end, committee=bezwaar.committee,
                               suspension_days=bezwaar.suspended_days,
                               deferral_weeks=bezwaar.deferral_weeks)
    context.update(
        reason=frame.lines(bezwaar.deferral_reason),
        weeks=bezwaar.deferral_weeks,
        original_due_on=frame.date_nl(term.statutory.value),
        new_due_on=frame.date_nl(term.due_on),
    )
    return context


def uitstel_context(letter: Letter) -> dict[str, Any]:
    """Awb 7:10(4)(a): further deferral with the indiener's consent, to the date agreed."""
    bezwaar, _, context = bezwaar_context(letter, subject="Verder uitstel van de beslissing op "
                                                          "uw bezwaar")
    if bezwaar.further_until is None or not bezwaar.further_reason:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: no further deferral")
    term = rules.decision_term(bezwaar.period_end, committee=bezwaar.committee,
                               suspension_days=bezwaar.suspended_days,
                               deferral_weeks=bezwaar.deferral_weeks)
    context.update(
        reason=frame.lines(bezwaar.further_reason),
        consent=frame.lines(bezwaar.further_consent),
        previous_due_on=frame.date_nl(term.due_on),
        new_due_on=frame.date_nl(bezwaar.further_until),
    )
    return context


def _right_name(right: str) -> str:
    return RIGHT_LABELS[Right(right)].split(" (")[0].lower()


def beroep_context(letter: Letter, bezwaar: Bezwaar, settings: ContactPointSettings
                   ) -> dict[str, Any]:
    """The beroepsclausule (Awb 3:45, 6:7, 6:8, 8:1, 8:7): the rechtbank of this case, the last
    day of the six weeks, and the griffierecht."""
    rechtbank = bezwaar.rechtbank(settings.rechtbank)
    if rechtbank is None:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: no rechtbank configured")
    lines = frame.lines(rechtbank)
    return {"rechtbank": lines[0], "address": lines[1:],
            "period_end": frame.date_nl(rules.appeal_period_end(frame.letter_date(letter)))}


def beslissing_context(letter: Letter) -> dict[str, Any]:
    """Awb 7:11, 7:12: the verloop, ontvankelijkheid, per right the bezwaar's outcome with the
    heroverweging, the herroeping and the new besluit where gegrond (7:11(2)), the motivation,
    the beroepsclausule and the signature under mandate (10:10)."""
    bezwaar, settings, context = bezwaar_context(letter, subject="Beslissing op uw bezwaar")
    ruling = bezwaar.ruling
    if ruling is None or not ruling.parts:
        raise frame.LetterDataMissing(f"bezwaar {bezwaar.kenmerk}: no ruling")
    outcomes = [p.outcome_enum for p in ruling.parts]
    history = [
        f"Op {context['besluit']['sent_on']} hebben wij een besluit genomen op het verzoek van "
        f"{frame.date_nl(bezwaar.dsr.received_on)} (kenmerk {bezwaar.dsr.reference}).",
        f"Op {frame.date_nl(bezwaar.received_on)} hebben wij "
        + (f"namens {person_name(bezwaar)} een bezwaarschrift van {bezwaar.representative_name} "
           if bezwaar.by_representative else "uw bezwaarschrift ")
        + f"ontvangen. Wij hebben de ontvangst bevestigd (artikel 6:14 Awb).",
    ]
    if bezwaar.on_time:
        history.append("Het bezwaarschrift is op tijd ingediend (artikel 6:7 en 6:9 Awb).")
    elif bezwaar.excusable:
        history.append("Het bezwaarschrift is na de termijn ingediend. Dat rekenen wij u niet "
                       f"aan (artikel 6:11 Awb): {bezwaar.excusable_reason}")
    else:
        history.append("Het bezwaarschrift is na het einde van de bezwaartermijn op "
                       f"{frame.date_nl(bezwaar.period_end)} ingediend. Wij vinden dat niet "
                       f"verschoonbaar (artikel 6:11 Awb): {bezwaar.excusable_reason or ''}")
    for repair in bezwaar.repairs:
        missing = frame.join_nl([rules.DEFECT_LABELS[d] for d in repair.defect_list])
        done = (f"Op {frame.date_nl(repair.repaired_on)} is dat aangevuld."
                if repair.repaired_on else
                f"Dat is niet gebeurd vóór {frame.date_nl(repair.term_until)}.")
        history.append(f"Op {frame.date_nl(repair.sent_on)} hebben wij gevraagd om aan te "
                       f"vullen: {missing} (artikel 6:6 Awb). {done}")
    for hearing in bezwaar.hearings:
        if hearing.report_document_id is None:
            continue
        local = hearing.hearing_at.astimezone(AMSTERDAM)
        history.append(f"Op {frame.date_nl(local.date())} was de hoorzitting (artikel 7:2 Awb). "
                       f"Daar hoorde {load_user_name(hearing.hearer_id)}, die niet bij het besluit "
                       "betrokken was (artikel 7:5 Awb). Het verslag van de hoorzitting sturen "
                       "wij mee (artikel 7:7 Awb).")
        if hearing.report_summary:
            history.append(hearing.report_summary)
    if bezwaar.hearing_waiver:
        waiver = rules.HearingWaiver(bezwaar.hearing_waiver)
        history.append(f"Wij hebben u niet gehoord, omdat {rules.HEARING_WAIVER_LABELS[waiver]}: "
                       f"{bezwaar.hearing_waiver_reason}")
    if bezwaar.deferral_weeks:
        history.append(f"Op {frame.date_nl(bezwaar.deferred_on or bezwaar.received_on)} hebben "
                       f"wij de beslissing met {bezwaar.deferral_weeks} weken verdaagd (artikel "
                       "7:10 lid 3 Awb).")
    if bezwaar.further_until:
        history.append(f"Met uw instemming is de beslissing verder uitgesteld tot "
                       f"{frame.date_nl(bezwaar.further_until)} (artikel 7:10 lid 4 Awb).")
    if ruling.history_note:
        history += frame.lines(ruling.history_note)
    parts = []
    for part in ruling.parts:
        entry: dict[str, Any] = {
            "right": _right_name(part.right),
            "outcome": rules.OUTCOME_LABELS[part.outcome_enum],
            "well_founded": part.outcome_enum is rules.BezwaarOutcome.WELL_FOUNDED,
            "inadmissible": part.outcome_enum is rules.BezwaarOutcome.INADMISSIBLE,
            "reconsideration": frame.lines(part.reconsideration),
        }
        if part.new_outcome:
            entry["new_dictum"] = DICTUM[Outcome(part.new_outcome)].format(
                verzoek=REQUEST_NOUN[part.right])
            entry["new_sources"] = [GROUNDS_BY_CODE[c].source for c in part.new_ground_codes
                                    if c in GROUNDS_BY_CODE]
            entry["new_motivation"] = frame.lines(part.new_motivation)
            entry["new_measures"] = frame.lines(part.new_measures)
        parts.append(entry)
    context.update(
        overall=rules.overall_outcome(outcomes),
        revoked=[p["right"] for p in parts if p["well_founded"]],
        kept=[p["right"] for p in parts if p["outcome"] == "ongegrond"],
        history=history, parts=parts,
        has_report=any(h.report_document_id for h in bezwaar.hearings),
        beroep=beroep_context(letter, bezwaar, settings),
    )
    return context


# ------------------------------------------------------------------------------ dwangsom, 4:14
@loader
def load_fixing(letter: Letter) -> tuple[PenaltyFixing, DefaultNotice]:
    """The vaststelling the letter prints, with its ingebrekestelling."""
    fixing = db.session.scalar(sa.select(PenaltyFixing).where(PenaltyFixing.letter_id == letter.id))
    notice = db.session.get(DefaultNotice, fixing.default_notice_id) if fixing else None
    if fixing is None or notice is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no vaststelling")
    return fixing, notice


@loader
def load_late_notice(letter: Letter) -> LateNotice:
    found = db.session.scalar(sa.select(LateNotice).where(LateNotice.letter_id == letter.id))
    if found is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no 4:14 notice")
    return found


def _euro(amount: Decimal) -> str:
    """``"€ 1.442,00"``: the Dutch way of writing an amount."""
    whole, cents = f"{amount:.2f}".split(".")
    return f"€ {int(whole):,}".replace(",", ".") + f",{cents}"


def vaststelling_context(letter: Letter) -> dict[str, Any]:
    """Awb 4:18: the besluit tot vaststelling of the dwangsom: the ingebrekestelling, the days
    and the amount per block (4:17(2)), or why none is owed; payment within six weeks (4:87);
    bezwaar, and 4:19 (a bezwaar against the besluit on the request covers it)."""
    fixing, notice = load_fixing(letter)
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    context = frame.base_context(letter, dsr, settings,
                                 subject="Besluit over de dwangsom bij te laat beslissen")
    blocks = []
    remaining = fixing.days
    for rate, size in ((23, 14), (35, 14), (45, 14)):
        counted = min(remaining, size)
        if counted:
            unit = "dag" if counted == 1 else "dagen"
            blocks.append(f"{counted} {unit} van € {rate}: {_euro(Decimal(counted * rate))}")
        remaining -= counted
    context.update(
        notice_received_on=frame.date_nl(notice.received_on),
        due_on=frame.date_nl(dsr.due_on),
        first_day=frame.date_nl(fixing.first_day),
        last_day=frame.date_nl(fixing.last_day),
        days=fixing.days, amount=_euro(fixing.amount), owed=fixing.owed and fixing.days > 0,
        not_owed_reason=frame.lines(fixing.reason), blocks=blocks,
        objection=frame.objection_context(letter, settings),
    )
    return context


def late_notice_context(letter: Letter) -> dict[str, Any]:
    """Awb 4:14: we cannot decide within the term; the date we expect to, and why; it does not
    extend the term (RULES.md D16); after it: ingebrekestelling and dwangsom (4:17), beroep
    (6:2, 6:12)."""
    notice = load_late_notice(letter)
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    context = frame.base_context(letter, dsr, settings,
                                 subject="Wij kunnen niet op tijd op uw verzoek beslissen")
    context.update(due_on=frame.date_nl(dsr.due_on),
                   expected_on=frame.date_nl(notice.expected_on),
                   reason=frame.lines(notice.reason))
    return context


RULING_KIND: Final = "beslissing_op_bezwaar"

KINDS: Final[tuple[LetterKind, ...]] = tuple(register_kind(LetterKind(
    name=name, title=title, template=f"letters/{name}.html", version=TEMPLATE_VERSION,
    context=context)) for name, title, context in (
        ("bezwaar_ontvangst", "Ontvangstbevestiging bezwaar (Awb 6:14)", ontvangst_context),
        ("bezwaar_herstel", "Herstel verzuim (Awb 6:6)", herstel_context),
        ("bezwaar_hoorzitting", "Uitnodiging hoorzitting (Awb 7:2)", hoorzitting_context),
        ("bezwaar_verdaging", "Verdaging beslissing op bezwaar (Awb 7:10 lid 3)",
         verdaging_context),
        ("bezwaar_uitstel", "Verder uitstel beslissing op bezwaar (Awb 7:10 lid 4)",
         uitstel_context),
        (RULING_KIND, "Beslissing op bezwaar (Awb 7:11, 7:12)", beslissing_context),
        ("dwangsom_vaststelling", "Vaststelling dwangsom (Awb 4:18)", vaststelling_context),
        ("termijn_niet_gehaald", "Mededeling: termijn niet gehaald (Awb 4:14)",
         late_notice_context),
))
KIND_NAMES: Final = tuple(kind.name for kind in KINDS)
#: The kinds that are a besluit (four eyes, signed under mandate, a rechtsmiddelenclausule).
BESLUIT_KINDS: Final = frozenset({RULING_KIND, "dwangsom_vaststelling"})
#: The kinds about a bezwaar (found by its kenmerk); the others are about the request.
BEZWAAR_KINDS: Final = KIND_NAMES[:6]


# ------------------------------------------------------------------------------ preview
#: The demo's rechtbank and gemachtigde (``flask avg letters preview``).
PREVIEW_RECHTBANK: Final = ("Rechtbank Voorbeeldstad\nTeam bestuursrecht\nPostbus 90\n"
                            "1000 AB Voorbeeldstad")


def preview_bezwaar(kind: str, letter: Letter, dsr: DataSubjectRequest, decision: Decision
                    ) -> Bezwaar:
    """A bezwaar built in memory, as far along as ``kind`` needs: a gemachtigde (an advocaat)
    objects on 4 May 2026 without gronden; herstel on 5 May, repaired on 12 May; a hearing on
    2 June with its verslag; deferred on 8 June; further deferral agreed; the beslissing partly
    gegrond. The besluit (``decision``) was sent on 7 April 2026."""
    order = KIND_NAMES.index(kind) if kind in BEZWAAR_KINDS else 5
    decision.status = DecisionStatus.NOTIFIED.value
    decision.kind = decision.kind or DecisionKind.ON_REQUEST.value
    decision.verzenddatum = decision.ingangsdatum = date(2026, 4, 7)
    decision.uiterlijke_reactiedatum = rules.timeliness(date(2026, 4, 7), date(2026, 4, 7)
                                                        ).period_end
    bezwaar = Bezwaar(
        id=1, dsr_id=dsr.id, dsr=dsr, decision_id=decision.id, decision=decision,
        kenmerk=f"{dsr.reference}-B1", status=BezwaarStatus.RECEIVED.value, is_open=True,
        channel="letter", received_on=date(2026, 5, 4), posted_on=None,
        period_end=decision.uiterlijke_reactiedatum, on_time=True,
        grounds="De politie heeft het onderzoek afgesloten; ik wil nu alle gegevens inzien."
        if order else None, defects=",gronden," if order == 0 else ",",
        made_by="gemachtigde", representative_name="mr. P. de Boer",
        representative_address="Advocatenkantoor De Boer\nPostbus 12\n1000 AA Voorbeeldstad",
        representative_is_lawyer=True, controllers_informed_on=date(2026, 5, 4),
        committee=False, suspended_days=0, deferral_weeks=0, decision_due_on=date(2026, 5, 4),
        rechtbank_override=PREVIEW_RECHTBANK)
    if order >= 1:
        bezwaar.repairs.append(BezwaarRepair(
            id=1, defects=",gronden,", sent_on=date(2026, 5, 5), term_until=date(2026, 5, 19),
            repaired_on=date(2026, 5, 12) if order >= 2 else None, letter_id=letter.id))
    if order >= 2:
        bezwaar.hearings.append(BezwaarHearing(
            id=1, hearing_at=datetime(2026, 6, 2, 12, 0, tzinfo=UTC),
            place="Stadhuis Voorbeeldstad, kamer 2.14\nMarkt 1, 1000 AA Voorbeeldstad",
            hearer_id=0, invited_on=date(2026, 5, 15), documents_from=date(2026, 5, 22),
            documents_place="Stadhuis Voorbeeldstad, balie Publiekszaken (op afspraak)",
            letter_id=letter.id,
            report_document_id=9 if order >= 3 else None,
            report_summary="De gemachtigde lichtte toe dat het onderzoek van de politie in "
                           "april 2026 is afgesloten." if order >= 3 else None))
    if order >= 3:
        bezwaar.deferral_weeks, bezwaar.deferred_on = 6, date(2026, 6, 8)
        bezwaar.deferral_reason = ("Wij wachten op het standpunt van de politie over het "
                                   "afgesloten onderzoek.")
    bezwaar.refresh_term()
    if order >= 4:
        bezwaar.further_until = bezwaar.decision_due_on + timedelta(days=21)
        bezwaar.further_on = date(2026, 7, 20)
        bezwaar.further_reason = "De politie kan haar standpunt pas over drie weken geven."
        bezwaar.further_consent = ("Uw gemachtigde stemde op 20 juli 2026 telefonisch in; wij "
                                   "hebben dat per e-mail bevestigd.")
        bezwaar.refresh_term()
    if order >= 5:
        ruling = BezwaarDecision(id=1, bezwaar_id=1, status=RulingStatus.APPROVED.value,
                                 drafted_by_id=1, approved_by_id=2)
        ruling.parts = [
            BezwaarDecisionPart(right="15", outcome=rules.BezwaarOutcome.WELL_FOUNDED.value,
                                reconsideration="De politie heeft het onderzoek in april 2026 "
                                "afgesloten. De grond van artikel 41 lid 1 onder d UAVG is "
                                "daarmee vervallen.", new_outcome=Outcome.GRANTED.value,
                                new_grounds=",", new_measures="De politie stuurt de gegevens "
                                "die eerst werden beperkt met deze beslissing mee."),
            BezwaarDecisionPart(right="17", outcome=rules.BezwaarOutcome.UNFOUNDED.value,
                                reconsideration="De aanpak in het Zorg- en Veiligheidshuis loopt "
                                "tot september 2026. De gegevens zijn daarvoor nodig (artikel 17 "
                                "lid 3 onder b AVG). Wat u in bezwaar aanvoert, verandert dat "
                                "niet.", new_grounds=",")]
        bezwaar.ruling = ruling
    return bezwaar


def preview_fixing(dsr: DataSubjectRequest) -> tuple[PenaltyFixing, DefaultNotice, LateNotice]:
    """C28-like, in memory: the term ended 7 April 2026, the ingebrekestelling came on 8 April,
    the besluit was sent on 7 May: 15 days of dwangsom (22 April to 6 May), € 357."""
    notice = DefaultNotice(id=1, dsr_id=dsr.id, received_on=date(2026, 4, 8),
                           first_penalty_day=date(2026, 4, 22),
                           last_penalty_day=date(2026, 6, 2))
    fixing = PenaltyFixing(id=1, default_notice_id=1, dsr_id=dsr.id,
                           first_day=date(2026, 4, 22), last_day=date(2026, 5, 6), days=15,
                           amount=Decimal(357), due_by=rules.vaststelling_due(date(2026, 5, 6)),
                           owed=True, status=RulingStatus.APPROVED.value, letter_id=1)
    late = LateNotice(id=1, dsr_id=dsr.id, expected_on=date(2026, 4, 24), sent_on=date(2026, 3, 30),
                      reason="Twee deelnemers hebben nog niet geantwoord; de politie verwacht "
                             "haar antwoord op 20 april.", letter_id=1)
    return fixing, notice, late


def preview_given(bezwaar: Bezwaar, fixing: tuple[PenaltyFixing, DefaultNotice, LateNotice]
                  | None = None) -> Given:
    """What the context functions read for a preview: its bezwaar and the hearer's name."""
    given: dict[Any, Any] = {
        load_bezwaar: lambda letter: bezwaar,
        load_user_name: lambda user_id: "mr. A. Onafhankelijk",
    }
    if fixing is not None:
        given[load_fixing] = lambda letter: (fixing[0], fixing[1])
        given[load_late_notice] = lambda letter: fixing[2]
    return given
