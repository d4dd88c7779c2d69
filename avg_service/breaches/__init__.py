"""Data breaches of the joint processing (AVG art. 33 and 34), coordinated between the joint
controllers of the Zorg- en Veiligheidshuis.

A breach at one participant is a breach of the joint processing: every joint controller must
know, one of them notifies the Autoriteit Persoonsgegevens within 72 hours of becoming aware
(AVG art. 33(1)), the people affected may have to be told (art. 34), and every breach is
registered, notified or not (art. 33(5)). ``rules`` and ``catalogue`` hold the law as plain
Python; ``services``, ``notification`` and ``sweep`` are the use cases; ``views``, ``register``
and ``api`` the pages and the JSON API; ``letters`` the PDF of what was reported to the AP and
the letter to the people.
"""
