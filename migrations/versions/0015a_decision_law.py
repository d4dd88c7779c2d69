"""decisions: the send-back reason stands on the draft until the next submission; a letter
version replaced before sending is kept, marked void; every besluit kind (op het verzoek, 12(5),
4:5) is a decision with four eyes, signed by the official who decided (name and function from
the account); which 12(5) ground; the electronic channel for bezwaar (Awb 2:13)

Revision ID: 0015a
Revises: 0014a
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015a'
down_revision = '0014a'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch copy): decision_part and objection point at decision's rows.
    op.add_column('decision', sa.Column('sent_back_reason', sa.Text(), nullable=True))
    op.add_column('decision', sa.Column('sent_back_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('letter', sa.Column('void_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('letter', sa.Column('void_reason', sa.String(length=300), nullable=True))
    op.add_column('letter', sa.Column('signatory', sa.String(length=400), nullable=True))
    op.add_column('decision', sa.Column('kind', sa.String(length=12), nullable=False,
                                        server_default='request'))
    op.add_column('dsr', sa.Column('refusal_ground', sa.String(length=30), nullable=True))
    op.add_column('user_account', sa.Column('job_title', sa.String(length=200), nullable=True))
    op.add_column('contact_point_settings',
                  sa.Column('objection_channel', sa.String(length=300), nullable=True))


def downgrade():
    # plain DROP COLUMN, not batch mode: a batch copy-and-drop of these tables breaks the rows
    # that point at them on SQLite
    for table, column in (('contact_point_settings', 'objection_channel'),
                          ('user_account', 'job_title'), ('dsr', 'refusal_ground'),
                          ('decision', 'kind'), ('letter', 'signatory'), ('letter', 'void_reason'),
                          ('letter', 'void_at'), ('decision', 'sent_back_at'),
                          ('decision', 'sent_back_reason')):
        op.drop_column(table, column)
