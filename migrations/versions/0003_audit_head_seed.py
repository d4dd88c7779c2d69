"""audit chain head: seed its one row

Before this, ``record()`` created the head row on the very first entry, so two first writers
could both find no row (``SELECT ... FOR UPDATE`` locks nothing that does not exist) and race:
one of them failed on the primary key. With the row always there, every writer, the first ones
too, queues on its lock. ``last_hash`` starts at the chain's genesis value (``chain.GENESIS``,
written out here: a migration does not import application code that may change later).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade():
    # A database that already has entries has its head row (record() made it): leave it alone.
    op.execute(
        sa.text("INSERT INTO audit_head (id, last_id, last_hash) "
                "SELECT 1, 0, :genesis WHERE NOT EXISTS (SELECT 1 FROM audit_head WHERE id = 1)")
        .bindparams(genesis=GENESIS)
    )


def downgrade():
    # Only the untouched seed goes: a head that points at entries is the chain's, not ours.
    op.execute(
        sa.text("DELETE FROM audit_head WHERE id = 1 AND last_id = 0 AND last_hash = :genesis")
        .bindparams(genesis=GENESIS)
    )
