"""Texts of the public request form and its confirmation, Dutch and English (taalniveau B1).

Keys ``err.*`` and ``upload.*`` are the error messages the schemas and the upload check raise.
"""

from __future__ import annotations

FORM_MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "start.cta": "Doe een verzoek",
        "form.title": "Verzoek over uw persoonsgegevens",
        "form.intro": "Met dit formulier vraagt u het Zorg- en Veiligheidshuis om uw gegevens in "
        "te zien, te verbeteren, te verwijderen of minder te gebruiken. Uw verzoek geldt voor "
        "alle overheidsorganisaties in het Zorg- en Veiligheidshuis. Velden met (verplicht) moet "
        "u invullen.",
        "form.errors.title": "Controleer de volgende velden",
        "form.required": "(verplicht)",
        "form.optional": "(niet verplicht)",
        "form.section.you": "Over u",
        "form.given_names": "Voornamen",
        "form.family_name": "Achternaam",
        "form.date_of_birth": "Geboortedatum",
        "form.street_address": "Straat en huisnummer",
        "form.postcode": "Postcode",
        "form.city": "Woonplaats",
        "form.email": "E-mailadres",
        "form.email.hint": "Wij sturen de ontvangstbevestiging naar dit adres.",
        "form.phone": "Telefoonnummer",
        "form.bsn": "Burgerservicenummer (BSN)",
        "form.bsn.hint": "Dit helpt de organisaties om uw gegevens te vinden. Wij laten uw BSN "
        "nooit meer helemaal zien.",
        "form.section.for": "Voor wie is het verzoek?",
        "form.representation": "Ik doe dit verzoek",
        "form.representation.self": "voor mijzelf",
        "form.representation.gemachtigde": "namens iemand anders, met een machtiging",
        "form.representation.ouder_voogd": "als ouder of voogd van een kind",
        "form.representation.curator": "als curator",
        "form.representation.mentor": "als mentor",
        "form.representation.bewindvoerder": "als bewindvoerder",
        "form.represented_name": "Naam van degene voor wie u het verzoek doet",
        "form.represented_date_of_birth": "Geboortedatum van die persoon",
        "form.authorisation": "Machtiging of bewijs dat u mag optreden",
        "form.authorisation.hint": "Bijvoorbeeld een ondertekende machtiging, een "
        "uittreksel of de beschikking van de rechter. PDF, JPEG of PNG, hoogstens 10 MB.",
        "form.section.rights": "Wat wilt u vragen?",
        "form.rights.legend": "Kies één of meer rechten",
        "form.right.15": "Inzage: ik wil weten welke gegevens de organisaties over mij hebben "
        "(artikel 15 AVG).",
        "form.right.16": "Verbetering: mijn gegevens kloppen niet (artikel 16 AVG).",
        "form.right.17": "Verwijdering: mijn gegevens moeten weg (artikel 17 AVG).",
        "form.right.18": "Beperking: gebruik mijn gegevens voorlopig minder (artikel 18 AVG).",
        "form.right.21": "Bezwaar: ik wil niet dat mijn gegevens zo worden gebruikt (artikel 21 "
        "AVG).",
        "form.right.20": "Overdraagbaarheid: mijn gegevens meenemen naar een andere organisatie "
        "(artikel 20 AVG).",
        "form.right.20.hint": "Dit recht geldt niet voor gegevens die de overheid gebruikt voor "
        "een publieke taak, zoals hier. U krijgt wel een besluit op uw verzoek. Wilt u uw "
        "gegevens zien? Kies dan ook inzage.",
        "form.description": "Waar gaat uw verzoek over?",
        "form.description.hint": "Bijvoorbeeld over welke situatie of periode. U hoeft niet uit "
        "te leggen waarom u het vraagt.",
        "form.rectification_wrong": "Welke gegevens kloppen niet?",
        "form.rectification_correct": "Wat moet het zijn?",
        "form.section.delivery": "Hoe wilt u het besluit ontvangen?",
        "form.delivery.post": "Per post, op het adres hierboven",
        "form.delivery.electronic": "Online, op uw statuspagina, met een bericht per e-mail",
        "form.electronic_consent": "Ik kies er uitdrukkelijk voor dat het besluit op mijn "
        "statuspagina komt. Ik krijg daarover een bericht per e-mail (artikel 2:8 Algemene wet "
        "bestuursrecht).",
        "form.section.attachments": "Bijlagen",
        "form.attachments": "Bijlagen meesturen",
        "form.attachments.hint": "Bijvoorbeeld een brief die u kreeg. PDF, JPEG of PNG, "
        "hoogstens 10 MB per bestand en 5 bestanden. Een kopie van uw identiteitsbewijs is niet "
        "nodig.",
        "form.website": "Laat dit veld leeg",
        "form.submit": "Verzoek versturen",
        "form.english": "This form in English",
        "form.privacy": "Wij gebruiken uw gegevens alleen om uw verzoek af te handelen.",
        "done.title": "Wij hebben uw verzoek ontvangen",
        "done.reference": "Uw kenmerk",
        "done.received": "Ontvangen op",
        "done.due": "U krijgt uiterlijk op deze datum een besluit",
        "done.download": "Download de ontvangstbevestiging (PDF)",
        "done.emailed": "Wij hebben de ontvangstbevestiging ook naar uw e-mailadres gestuurd.",
        "done.next.title": "Wat gebeurt er nu?",
        "done.next.1": "Alle organisaties in het Zorg- en Veiligheidshuis zoeken welke gegevens "
        "zij over u hebben.",
        "done.next.2": "Twijfelen wij of u echt degene bent die het verzoek doet? Dan vragen wij "
        "u om iets aan te vullen. De termijn staat dan stil tot wij uw antwoord hebben.",
        "done.next.3": "Is uw verzoek ingewikkeld, dan kan het twee maanden langer duren. Dat "
        "laten wij u dan binnen een maand weten, met de reden.",
        "done.keep": "Bewaar uw kenmerk. Noem het als u contact met ons opneemt.",
        "err.required": "Vul dit veld in.",
        "err.invalid": "Deze waarde klopt niet.",
        "err.too_long": "Dit is te lang.",
        "err.date": "Vul een geldige datum in.",
        "err.datetime": "Vul een geldige datum en tijd in.",
        "err.date_of_birth": "Vul een geldige geboortedatum in; die ligt niet in de toekomst.",
        "err.email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        "err.phone": "Vul een geldig telefoonnummer in.",
        "err.bsn": "Dit is geen geldig burgerservicenummer. Controleer de negen cijfers.",
        "err.rights": "Kies ten minste één recht.",
        "err.email_for_electronic": "Vul uw e-mailadres in. Daar krijgt u bericht als het "
        "besluit op uw statuspagina staat.",
        "err.electronic_consent": "Vink aan dat u het besluit op uw statuspagina wilt "
        "ontvangen, of kies voor de post.",
        "err.address_for_post": "Vul uw adres in. Wij sturen het besluit per post.",
        "err.represented_name": "Vul de naam in van degene voor wie u het verzoek doet.",
        "err.child_date_of_birth": "Vul de geboortedatum van het kind in. De leeftijd op de dag "
        "dat wij het verzoek ontvangen bepaalt wie het verzoek mag doen.",
        "err.child_born_after_receipt": "De geboortedatum van het kind ligt na de dag waarop "
        "het verzoek is ontvangen. Controleer de datum.",
        "err.child_adult": "Deze persoon was op de dag van ontvangst 18 jaar of ouder. Een ouder "
        "heeft dan geen gezag meer. Kies 'namens iemand anders, met een machtiging', of curator "
        "of mentor.",
        "err.authorisation": "Voeg een machtiging of bewijs toe dat u namens deze persoon mag "
        "optreden.",
        "err.rectification_wrong": "Schrijf op welke gegevens niet kloppen.",
        "err.form_expired": "Het formulier is verlopen. Laad de pagina opnieuw en probeer het "
        "nog eens.",
        "err.too_many_files": "U kunt hoogstens 5 bestanden meesturen.",
        "err.first_receipt_pair": "Vul zowel de organisatie als het moment van eerste "
        "ontvangst in.",
        "err.first_receipt_later": "De eerste ontvangst ligt na de ontvangst door het "
        "contactpunt.",
        "upload.empty": "Het bestand is leeg.",
        "upload.too_large": "Het bestand is groter dan 10 MB.",
        "upload.wrong_type": "Dit bestand kunnen wij niet aannemen. Stuur een PDF, JPEG of "
        "PNG.",
        "limit.title": "Even wachten",
        "limit.body": "Er zijn vanaf uw internetverbinding veel verzoeken verstuurd. Probeer "
        "het over een uur opnieuw, of bel of schrijf ons.",
        "honeypot.title": "Uw verzoek is niet verstuurd",
        "honeypot.body": "Het veld 'Laat dit veld leeg' was ingevuld. Maak het leeg en "
        "verstuur het formulier opnieuw.",
    },
    "en": {
        "start.cta": "Make a request",
        "form.title": "Request about your personal data",
        "form.intro": "With this form you ask the Zorg- en Veiligheidshuis to see, correct, "
        "delete or restrict the use of your data. Your request counts for all government "
        "organisations in the Zorg- en Veiligheidshuis. Fields marked (required) must be filled "
        "in.",
        "form.errors.title": "Please check the following fields",
        "form.required": "(required)",
        "form.optional": "(optional)",
        "form.section.you": "About you",
        "form.given_names": "First names",
        "form.family_name": "Surname",
        "form.date_of_birth": "Date of birth",
        "form.street_address": "Street and house number",
        "form.postcode": "Postcode",
        "form.city": "Town or city",
        "form.email": "E-mail address",
        "form.email.hint": "We send the acknowledgement of receipt to this address.",
        "form.phone": "Telephone number",
        "form.bsn": "Citizen service number (BSN)",
        "form.bsn.hint": "This helps the organisations find your data. We never show your BSN "
        "in full again.",
        "form.section.for": "Who is the request for?",
        "form.representation": "I make this request",
        "form.representation.self": "for myself",
        "form.representation.gemachtigde": "for someone else, with their authorisation",
        "form.representation.ouder_voogd": "as the parent or guardian of a child",
        "form.representation.curator": "as a guardian (curator)",
        "form.representation.mentor": "as a mentor",
        "form.representation.bewindvoerder": "as an administrator (bewindvoerder)",
        "form.represented_name": "Name of the person you make the request for",
        "form.represented_date_of_birth": "Date of birth of that person",
        "form.authorisation": "Authorisation or proof that you may act for them",
        "form.authorisation.hint": "For example a signed authorisation, an extract or the "
        "court's decision. PDF, JPEG or PNG, at most 10 MB.",
        "form.section.rights": "What do you want to ask?",
        "form.rights.legend": "Choose one or more rights",
        "form.right.15": "Access: I want to know what data the organisations hold about me "
        "(Article 15 GDPR).",
        "form.right.16": "Rectification: my data is wrong (Article 16 GDPR).",
        "form.right.17": "Erasure: my data must be deleted (Article 17 GDPR).",
        "form.right.18": "Restriction: use my data less for now (Article 18 GDPR).",
        "form.right.21": "Objection: I do not want my data used this way (Article 21 GDPR).",
        "form.right.20": "Portability: take my data to another organisation (Article 20 GDPR).",
        "form.right.20.hint": "This right does not apply to data the government uses for a "
        "public task, as here. You will still receive a decision on your request. Do you want "
        "to see your data? Then also choose access.",
        "form.description": "What is your request about?",
        "form.description.hint": "For example which situation or period. You do not have to "
        "explain why you ask.",
        "form.rectification_wrong": "Which data is wrong?",
        "form.rectification_correct": "What should it be?",
        "form.section.delivery": "How do you want to receive the decision?",
        "form.delivery.post": "By post, at the address above",
        "form.delivery.electronic": "Online, on your status page, with a notice by e-mail",
        "form.electronic_consent": "I expressly choose to receive the decision on my status "
        "page. I will get a notice about it by e-mail (Article 2:8 General Administrative Law "
        "Act).",
        "form.section.attachments": "Attachments",
        "form.attachments": "Add attachments",
        "form.attachments.hint": "For example a letter you received. PDF, JPEG or PNG, at most "
        "10 MB per file and 5 files. A copy of your identity document is not needed.",
        "form.website": "Leave this field empty",
        "form.submit": "Send request",
        "form.english": "Dit formulier in het Nederlands",
        "form.privacy": "We only use your data to handle your request.",
        "done.title": "We have received your request",
        "done.reference": "Your reference",
        "done.received": "Received on",
        "done.due": "You will receive a decision by",
        "done.download": "Download the acknowledgement of receipt (PDF, in Dutch)",
        "done.emailed": "We have also sent the acknowledgement of receipt to your e-mail "
        "address.",
        "done.next.title": "What happens now?",
        "done.next.1": "All organisations in the Zorg- en Veiligheidshuis search for the data "
        "they hold about you.",
        "done.next.2": "If we doubt that you are the person making the request, we will ask "
        "you for more information. The term stops until we have your answer.",
        "done.next.3": "If your request is complex, it may take two more months. We will tell "
        "you so within one month, with the reason.",
        "done.keep": "Keep your reference. Mention it when you contact us.",
        "err.required": "Please fill in this field.",
        "err.invalid": "This value is not valid.",
        "err.too_long": "This is too long.",
        "err.date": "Please enter a valid date.",
        "err.datetime": "Please enter a valid date and time.",
        "err.date_of_birth": "Please enter a valid date of birth; it cannot be in the future.",
        "err.email": "Please enter a valid e-mail address, for example name@example.com.",
        "err.phone": "Please enter a valid telephone number.",
        "err.bsn": "This is not a valid citizen service number. Check the nine digits.",
        "err.rights": "Choose at least one right.",
        "err.email_for_electronic": "Enter your e-mail address. We will tell you there when "
        "the decision is on your status page.",
        "err.electronic_consent": "Tick the box to receive the decision on your status page, "
        "or choose post.",
        "err.address_for_post": "Enter your address. We send the decision by post.",
        "err.represented_name": "Enter the name of the person you make the request for.",
        "err.child_date_of_birth": "Enter the child's date of birth. The child's age on the day "
        "we receive the request decides who may make it.",
        "err.child_born_after_receipt": "The child's date of birth is after the day the request "
        "was received. Please check the date.",
        "err.child_adult": "This person was 18 or older on the day we received the request. A "
        "parent then no longer has parental authority. Choose 'for someone else, with their "
        "authorisation', or guardian (curator) or mentor.",
        "err.authorisation": "Add an authorisation or proof that you may act for this person.",
        "err.rectification_wrong": "Write down which data is wrong.",
        "err.form_expired": "The form has expired. Reload the page and try again.",
        "err.too_many_files": "You can add at most 5 files.",
        "err.first_receipt_pair": "Fill in both the organisation and the moment of first "
        "receipt.",
        "err.first_receipt_later": "The first receipt is after the receipt by the contact "
        "point.",
        "upload.empty": "The file is empty.",
        "upload.too_large": "The file is larger than 10 MB.",
        "upload.wrong_type": "We cannot accept this file. Send a PDF, JPEG or PNG.",
        "limit.title": "Please wait",
        "limit.body": "Many requests were sent from your internet connection. Try again in an "
        "hour, or call or write to us.",
        "honeypot.title": "Your request was not sent",
        "honeypot.body": "The field 'Leave this field empty' was filled in. Empty it and send "
        "the form again.",
    },
}
