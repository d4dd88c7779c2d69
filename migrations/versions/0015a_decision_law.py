"""decisions: the send-back reason stands on the draft until the next submission; a letter
version replaced before sending is kept, marked void

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


def downgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_column('void_reason')
        batch_op.drop_column('void_at')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('sent_back_at')
        batch_op.drop_column('sent_back_reason')
