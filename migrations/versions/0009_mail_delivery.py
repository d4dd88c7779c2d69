"""mail delivery: the outbox's own retry schedule, the failure moment, a key to queue once

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode copies mail_outbox on SQLite; no other table references its rows, so the
    # copy-and-drop is safe there (tests/test_migrations.py upgrades a database holding data).
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_mail_outbox_dedupe_key'), ['dedupe_key'])
        batch_op.create_index('ix_mail_outbox_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)
    # Existing rows get the moments the new constraints ask for: a pending message is due now,
    # a failed one failed when it was queued (the closest moment known).
    op.execute("UPDATE mail_outbox SET next_attempt_at = created_at WHERE status = 'pending'")
    op.execute("UPDATE mail_outbox SET failed_at = created_at WHERE status = 'failed'")
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        # A bounce turns a sent message into a failed one and keeps the moment it went out.
        batch_op.drop_constraint(batch_op.f('ck_mail_outbox_sent_when_sent'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_mail_outbox_sent_has_sent_at'),
                                         "status <> 'sent' OR sent_at IS NOT NULL")
        batch_op.create_check_constraint(batch_op.f('ck_mail_outbox_failed_has_failed_at'),
                                         "(status = 'failed') = (failed_at IS NOT NULL)")
        batch_op.create_check_constraint(batch_op.f('ck_mail_outbox_pending_is_scheduled'),
                                         "status <> 'pending' OR next_attempt_at IS NOT NULL")
        batch_op.create_check_constraint(batch_op.f('ck_mail_outbox_attempts_not_negative'),
                                         'attempts >= 0')


def downgrade():
    # A bounced message (failed, with sent_at) would break the old constraint: it forgets the
    # moment it was sent, as the old schema could not hold both.
    op.execute("UPDATE mail_outbox SET sent_at = NULL WHERE status <> 'sent'")
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_mail_outbox_attempts_not_negative'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_mail_outbox_pending_is_scheduled'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_mail_outbox_failed_has_failed_at'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_mail_outbox_sent_has_sent_at'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_mail_outbox_sent_when_sent'),
                                         "(status = 'sent') = (sent_at IS NOT NULL)")
        batch_op.drop_index('ix_mail_outbox_status_next_attempt_at')
        batch_op.drop_constraint(batch_op.f('uq_mail_outbox_dedupe_key'), type_='unique')
        batch_op.drop_column('failed_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('dedupe_key')
