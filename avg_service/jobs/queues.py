"""The rq queues, in the one order every worker listens to them (issue 15, finding 11).

A burst of public form submissions once queued 2,050 receipt renders on a single FIFO queue and
participants' notices waited 9.7 minutes behind them. So there are two queues:

- ``INTERACTIVE``: work someone is waiting for or that must go out promptly: the besluit
  preview a jurist asked for, letters staff ask for, mail to participants and staff (tasks,
  notices, breach messages) and the mail that carries a staff letter.
- ``BULK``: work that arrives in bursts from outside or from the sweeps, with nobody watching
  a screen for it: the receipt (ontvangstbevestiging) of each submitted form and its mail,
  digests, reminders.

rq's worker takes from its queues in the order given (``Worker.dequeue_any``: the first
non-empty queue wins), so a worker listening to ``LISTEN_ORDER`` always takes an interactive
job before a bulk one. Which job goes where is decided per job kind by ``jobs.registry``
(``@job(..., queue=...)``).
"""

from __future__ import annotations

from typing import Final

INTERACTIVE: Final = "avg-interactive"
#: The bulk queue keeps the name of the service's former single queue, so jobs already waiting
#: on a running system when it is upgraded are still worked.
BULK: Final = "avg"

#: Every worker listens to all queues, interactive first (rq serves them in this order).
LISTEN_ORDER: Final[tuple[str, ...]] = (INTERACTIVE, BULK)
