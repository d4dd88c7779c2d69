"""decisions: the besluit per request, its parts per right, bezwaar and ingebrekestelling

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 03:02:30.664514

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('default_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('first_penalty_day', sa.Date(), nullable=False),
    sa.Column('last_penalty_day', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_default_notice_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_default_notice_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_default_notice'))
    )
    with op.batch_alter_table('default_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_default_notice_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('history_note', sa.Text(), nullable=True),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('besluitdatum', sa.Date(), nullable=True),
    sa.Column('verzenddatum', sa.Date(), nullable=True),
    sa.Column('ingangsdatum', sa.Date(), nullable=True),
    sa.Column('uiterlijke_reactiedatum', sa.Date(), nullable=True),
    sa.Column('channel', sa.String(length=12), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'notified') = (verzenddatum IS NOT NULL)", name=op.f('ck_decision_sent_when_notified')),
    sa.CheckConstraint("(status IN ('approved', 'notified')) = (approved_by_id IS NOT NULL)", name=op.f('ck_decision_approved_when_taken')),
    sa.CheckConstraint("channel IS NULL OR channel IN ('post', 'electronic', 'hand')", name=op.f('ck_decision_channel_known')),
    sa.CheckConstraint("status IN ('draft', 'awaiting_approval', 'approved', 'notified')", name=op.f('ck_decision_status_known')),
    sa.CheckConstraint('approved_by_id IS NULL OR approved_by_id <> drafted_by_id', name=op.f('ck_decision_four_eyes')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user_account.id'], name=op.f('fk_decision_approved_by_id_user_account')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['user_account.id'], name=op.f('fk_decision_drafted_by_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_decision_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_decision_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('dsr_id', name=op.f('uq_decision_dsr_id'))
    )
    op.create_table('decision_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('right', sa.String(length=2), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('grounds', sa.String(length=200), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.CheckConstraint("outcome IN ('toewijzen', 'gedeeltelijk_toewijzen', 'afwijzen', 'niet_behandelen')", name=op.f('ck_decision_part_outcome_known')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_decision_part_decision_id_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_part')),
    sa.UniqueConstraint('decision_id', 'right', name='uq_decision_part_right')
    )
    with op.batch_alter_table('decision_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_part_decision_id'), ['decision_id'], unique=False)

    op.create_table('objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=False),
    sa.Column('committee', sa.Boolean(), nullable=False),
    sa.Column('deferred', sa.Boolean(), nullable=False),
    sa.Column('decision_due_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_objection_decision_id_decision')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_objection_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objection'))
    )
    with op.batch_alter_table('objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objection_decision_id'), ['decision_id'], unique=False)



def downgrade():
    with op.batch_alter_table('objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objection_decision_id'))

    op.drop_table('objection')
    with op.batch_alter_table('decision_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_part_decision_id'))

    op.drop_table('decision_part')
    op.drop_table('decision')
    with op.batch_alter_table('default_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_default_notice_dsr_id'))

    op.drop_table('default_notice')
