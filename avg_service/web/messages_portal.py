"""Texts of the requester's status pages, Dutch and English (taalniveau B1)."""

from __future__ import annotations

PORTAL_MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "portal.title": "Uw verzoek",
        "portal.reference": "Kenmerk",
        "portal.received": "Ontvangen op",
        "portal.due": "U krijgt een besluit uiterlijk op",
        "portal.due.extended": "Wij hebben de termijn verlengd. U krijgt een besluit uiterlijk op",
        "portal.due.paused.label": "Termijn voor ons besluit",
        "portal.due.paused": "De termijn staat stil tot wij uw informatie hebben.",
        "portal.objection_end": "Bezwaar maken kan tot en met",
        "portal.state.title": "Hoe staat het ervoor?",
        "portal.closed_until": "Uw verzoek is afgerond. Deze pagina blijft beschikbaar tot "
        "{until}, met alleen de laatste brief. Bewaar die brief goed.",
        "portal.state.received": "Wij hebben uw verzoek ontvangen en gaan het behandelen.",
        "portal.state.awaiting_information": "Wij hebben informatie van u nodig. Tot wij die "
        "hebben, staat de termijn voor ons besluit stil.",
        "portal.state.term_expired": "U heeft de gevraagde informatie niet op tijd gestuurd. Wij "
        "besluiten nu of wij uw verzoek toch kunnen behandelen.",
        "portal.state.in_progress": "Wij behandelen uw verzoek. Wij vragen de organisaties van "
        "het Zorg- en Veiligheidshuis welke gegevens zij over u hebben.",
        "portal.state.deciding": "Wij schrijven nu het besluit op uw verzoek.",
        "portal.state.closed": "Wij hebben een besluit genomen op uw verzoek.",
        "portal.state.withdrawn": "U heeft uw verzoek ingetrokken. Wij behandelen het niet "
        "verder.",
        "portal.state.forwarded": "Uw verzoek gaat niet over het Zorg- en Veiligheidshuis. Wij "
        "hebben het doorgestuurd naar de organisatie die erover gaat. U krijgt daarover een "
        "brief.",
        "portal.state.refused_12_5": "Wij behandelen uw verzoek niet. In de brief leest u "
        "waarom.",
        "portal.asked.title": "Wat wij van u vragen",
        "portal.asked.until": "Stuur dit uiterlijk op",
        "portal.upload.files": "Bestanden (PDF, JPEG of PNG, hoogstens 10 MB per bestand)",
        "portal.upload.note": "Toelichting (niet verplicht)",
        "portal.upload.submit": "Versturen",
        "portal.letters.title": "Brieven aan u",
        "portal.letters.none": "Er zijn nog geen brieven.",
        "portal.letters.hint": "Een downloadlink werkt 15 minuten. Daarna maakt deze pagina een "
        "nieuwe.",
        "portal.files.title": "Uw gegevens (kopie)",
        "portal.sent.title": "Wat u ons stuurde",
        "portal.decision.title": "Het besluit",
        "portal.decision.available": "Het besluit staat voor u klaar. U kunt het hieronder "
        "downloaden.",
        "portal.withdraw.title": "Uw verzoek intrekken",
        "portal.withdraw.body": "Wilt u niet meer dat wij uw verzoek behandelen? Dan kunt u het "
        "intrekken. Dat kan niet ongedaan worden gemaakt; u kunt wel een nieuw verzoek doen.",
        "portal.withdraw.confirm": "Ja, ik trek mijn verzoek in",
        "portal.withdraw.submit": "Verzoek intrekken",
        "portal.done.sent": "Dank u. Wij hebben uw informatie ontvangen. De termijn voor ons "
        "besluit loopt weer.",
        "portal.done.sent_late": "Dank u. Wij hebben uw informatie ontvangen. De termijn was al "
        "voorbij; wij bekijken of wij uw verzoek toch behandelen.",
        "portal.done.withdrawn": "U heeft uw verzoek ingetrokken. U krijgt hiervan een "
        "bevestiging per e-mail.",
        "portal.keep_private": "Deze pagina is alleen voor u. Deel de link niet met anderen.",
        "portal.letter.ontvangstbevestiging": "Ontvangstbevestiging",
        "portal.letter.aanvulling": "Verzoek om aanvulling",
        "portal.letter.verlenging": "Verlenging van de termijn",
        "portal.letter.besluit": "Besluit op uw verzoek",
        "portal.letter.besluit_niet_in_behandeling": "Besluit: verzoek niet behandeld",
        "portal.letter.besluit_12_5": "Besluit: verzoek niet behandeld (AVG art. 12 lid 5)",
        "portal.letter.doorzending": "Doorzending van uw verzoek",
        "portal.download": "Downloaden",
        "portal.expired.title": "Deze link werkt niet meer",
        "portal.expired.body": "De link naar uw statuspagina is verlopen. Vraag een nieuwe link "
        "aan; u krijgt die per e-mail.",
        "portal.unknown.title": "Deze link kennen wij niet",
        "portal.unknown.body": "Controleer of u de hele link uit de e-mail heeft gebruikt. Of "
        "vraag een nieuwe link aan.",
        "portal.blocked.title": "Even geduld",
        "portal.blocked.body": "Er zijn vanaf uw verbinding te veel onjuiste links gebruikt. "
        "Probeer het over een kwartier opnieuw.",
        "portal.no_session.title": "Open de link uit uw e-mail",
        "portal.no_session.body": "U bekijkt uw verzoek via de persoonlijke link die u per "
        "e-mail of na het versturen van het formulier kreeg. Na een uur zonder gebruik moet u "
        "die link opnieuw openen.",
        "portal.download_expired.title": "Deze downloadlink is verlopen",
        "portal.download_expired.body": "Een downloadlink werkt 15 minuten. Ga terug naar uw "
        "statuspagina; daar staat een nieuwe.",
        "portal.back": "Terug naar uw statuspagina",
        "portal.new_link.cta": "Nieuwe link aanvragen",
        "portal.new_link.title": "Nieuwe link naar uw statuspagina",
        "portal.new_link.intro": "Vul het kenmerk van uw verzoek in en het e-mailadres dat u bij "
        "uw verzoek gaf. Wij sturen de nieuwe link naar dat e-mailadres.",
        "portal.new_link.reference": "Kenmerk (bijvoorbeeld AVG-2026-000123)",
        "portal.new_link.email": "E-mailadres",
        "portal.new_link.submit": "Stuur mij een nieuwe link",
        "portal.new_link.sent": "Als het kenmerk en het e-mailadres bij elkaar horen, krijgt u "
        "binnen enkele minuten een e-mail met een nieuwe link.",
        "portal.err.reference": "Vul het kenmerk van uw verzoek in.",
        "portal.err.nothing_asked": "Wij vragen op dit moment niets van u.",
        "portal.err.empty": "Voeg een bestand toe of schrijf een toelichting.",
        "portal.err.closed": "Dit verzoek is al afgehandeld.",
        "portal.err.confirm_withdrawal": "Vink aan dat u uw verzoek wilt intrekken.",
        "done.status_link": "Uw persoonlijke statuspagina",
        "done.status_link.hint": "Via deze link ziet u hoe het met uw verzoek staat, kunt u "
        "informatie sturen en het besluit downloaden. Bewaar de link goed en deel hem met "
        "niemand.",
    },
    "en": {
        "portal.title": "Your request",
        "portal.reference": "Reference",
        "portal.received": "Received on",
        "portal.due": "You will receive a decision by",
        "portal.due.extended": "We have extended the time limit. You will receive a decision by",
        "portal.due.paused.label": "Time limit for our decision",
        "portal.due.paused": "The time limit is paused until we have your information.",
        "portal.objection_end": "You can object until",
        "portal.state.title": "Where does it stand?",
        "portal.closed_until": "Your request is finished. This page stays available until "
        "{until}, with only the final letter. Keep that letter safe.",
        "portal.state.received": "We have received your request and will handle it.",
        "portal.state.awaiting_information": "We need information from you. Until we have it, "
        "the time limit for our decision is paused.",
        "portal.state.term_expired": "You did not send the information we asked for in time. We "
        "are deciding whether we can handle your request anyway.",
        "portal.state.in_progress": "We are handling your request. We are asking the "
        "organisations of the Zorg- en Veiligheidshuis which data they hold about you.",
        "portal.state.deciding": "We are writing the decision on your request.",
        "portal.state.closed": "We have taken a decision on your request.",
        "portal.state.withdrawn": "You withdrew your request. We will not handle it any "
        "further.",
        "portal.state.forwarded": "Your request is not about the Zorg- en Veiligheidshuis. We "
        "have forwarded it to the organisation responsible. You will receive a letter about "
        "this.",
        "portal.state.refused_12_5": "We will not handle your request. The letter explains why.",
        "portal.asked.title": "What we ask of you",
        "portal.asked.until": "Please send this by",
        "portal.upload.files": "Files (PDF, JPEG or PNG, at most 10 MB each)",
        "portal.upload.note": "Explanation (optional)",
        "portal.upload.submit": "Send",
        "portal.letters.title": "Letters to you",
        "portal.letters.none": "There are no letters yet.",
        "portal.letters.hint": "A download link works for 15 minutes. After that this page makes "
        "a new one. Letters are in Dutch.",
        "portal.files.title": "Your data (copy)",
        "portal.sent.title": "What you sent us",
        "portal.decision.title": "The decision",
        "portal.decision.available": "The decision is ready for you. You can download it below.",
        "portal.withdraw.title": "Withdraw your request",
        "portal.withdraw.body": "Do you no longer want us to handle your request? Then you can "
        "withdraw it. This cannot be undone; you can make a new request.",
        "portal.withdraw.confirm": "Yes, I withdraw my request",
        "portal.withdraw.submit": "Withdraw request",
        "portal.done.sent": "Thank you. We have received your information. The time limit for "
        "our decision runs again.",
        "portal.done.sent_late": "Thank you. We have received your information. The time limit "
        "had already passed; we will consider whether to handle your request anyway.",
        "portal.done.withdrawn": "You withdrew your request. You will receive a confirmation "
        "by e-mail.",
        "portal.keep_private": "This page is only for you. Do not share the link with others.",
        "portal.letter.ontvangstbevestiging": "Acknowledgement of receipt",
        "portal.letter.aanvulling": "Request for more information",
        "portal.letter.verlenging": "Extension of the time limit",
        "portal.letter.besluit": "Decision on your request",
        "portal.letter.besluit_niet_in_behandeling": "Decision: request not handled",
        "portal.letter.besluit_12_5": "Decision: request not handled (GDPR art. 12(5))",
        "portal.letter.doorzending": "Your request forwarded",
        "portal.download": "Download",
        "portal.expired.title": "This link no longer works",
        "portal.expired.body": "The link to your status page has expired. Ask for a new link; "
        "we will send it by e-mail.",
        "portal.unknown.title": "We do not know this link",
        "portal.unknown.body": "Check that you used the whole link from the e-mail. Or ask for "
        "a new link.",
        "portal.blocked.title": "Please wait",
        "portal.blocked.body": "Too many incorrect links were used from your connection. Please "
        "try again in fifteen minutes.",
        "portal.no_session.title": "Open the link from your e-mail",
        "portal.no_session.body": "You view your request through the personal link you received "
        "by e-mail or after sending the form. After an hour without use, open that link again.",
        "portal.download_expired.title": "This download link has expired",
        "portal.download_expired.body": "A download link works for 15 minutes. Go back to your "
        "status page; it has a new one.",
        "portal.back": "Back to your status page",
        "portal.new_link.cta": "Ask for a new link",
        "portal.new_link.title": "New link to your status page",
        "portal.new_link.intro": "Enter the reference of your request and the e-mail address you "
        "gave with it. We will send the new link to that address.",
        "portal.new_link.reference": "Reference (for example AVG-2026-000123)",
        "portal.new_link.email": "E-mail address",
        "portal.new_link.submit": "Send me a new link",
        "portal.new_link.sent": "If the reference and the e-mail address belong together, you "
        "will receive an e-mail with a new link within a few minutes.",
        "portal.err.reference": "Enter the reference of your request.",
        "portal.err.nothing_asked": "We are not asking anything of you at the moment.",
        "portal.err.empty": "Add a file or write an explanation.",
        "portal.err.closed": "This request has already been dealt with.",
        "portal.err.confirm_withdrawal": "Tick the box to confirm that you withdraw your "
        "request.",
        "done.status_link": "Your personal status page",
        "done.status_link.hint": "This link shows where your request stands; there you can send "
        "information and download the decision. Keep it safe and share it with no one.",
    },
}
