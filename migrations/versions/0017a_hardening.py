"""hardening: second-factor failures and lockout backoff per account, accounts awaiting a
second approval, and which outbox messages may expand markers

Revision ID: 0017a
Revises: 0016a
Create Date: 2026-12-02 14:10:00

Plain ADD COLUMNs (no batch copy on SQLite: other tables point at user_account).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017a'
down_revision = '0016a'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user_account', sa.Column('second_factor_failures', sa.Integer(),
                                            server_default='0', nullable=False))
    op.add_column('user_account', sa.Column('lockouts', sa.Integer(), server_default='0',
                                            nullable=False))
    op.add_column('user_account', sa.Column('awaiting_approval_since',
                                            sa.DateTime(timezone=True), nullable=True))
    op.add_column('user_account', sa.Column('approval_requested_by_id', sa.Integer(),
                                            nullable=True))
    op.add_column('mail_outbox', sa.Column('expands_markers', sa.Boolean(),
                                           server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('mail_outbox') as batch_op:
        batch_op.drop_column('expands_markers')
    for column in ('approval_requested_by_id', 'awaiting_approval_since', 'lockouts',
                   'second_factor_failures'):
        op.drop_column('user_account', column)
