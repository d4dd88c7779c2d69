"""The bezwaar phase of a besluit (Awb chapters 6 and 7): registering a bezwaarschrift, herstel
verzuim, the hearing, deferral, the beslissing op bezwaar through four eyes, the bezwaar work
queue and its reminders; and, after an ingebrekestelling, the vaststelling of the dwangsom
(Awb 4:18) and the notice that a term will be missed (4:14). May import ``decisions`` and
``requests``, never the reverse."""
