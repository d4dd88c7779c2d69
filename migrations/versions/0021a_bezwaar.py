"""bezwaar: bezwaarschrift, herstel verzuim, hearing, beslissing op bezwaar, dwangsom vaststelling, 4:14 notice

Revision ID: 0021a
Revises: 0020a
Create Date: 2026-12-03 10:33:45

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021a'
down_revision = '0020a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dwangsom_vaststelling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('default_notice_id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('due_by', sa.Date(), nullable=False),
    sa.Column('owed', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_back_reason', sa.Text(), nullable=True),
    sa.Column('sent_back_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'notified') = (sent_on IS NOT NULL)", name=op.f('ck_dwangsom_vaststelling_sent_when_notified')),
    sa.CheckConstraint("(status IN ('approved', 'notified')) = (approved_by_id IS NOT NULL)", name=op.f('ck_dwangsom_vaststelling_approved_when_taken')),
    sa.CheckConstraint("status IN ('draft', 'awaiting_approval', 'approved', 'notified')", name=op.f('ck_dwangsom_vaststelling_status_known')),
    sa.CheckConstraint('amount >= 0 AND amount <= 1442', name=op.f('ck_dwangsom_vaststelling_amount_within_maximum')),
    sa.CheckConstraint('approved_by_id IS NULL OR approved_by_id <> drafted_by_id', name=op.f('ck_dwangsom_vaststelling_four_eyes')),
    sa.CheckConstraint('days BETWEEN 0 AND 42', name=op.f('ck_dwangsom_vaststelling_days_within_maximum')),
    sa.CheckConstraint('owed OR length(reason) > 0', name=op.f('ck_dwangsom_vaststelling_not_owed_has_reason')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user_account.id'], name=op.f('fk_dwangsom_vaststelling_approved_by_id_user_account')),
    sa.ForeignKeyConstraint(['default_notice_id'], ['default_notice.id'], name=op.f('fk_dwangsom_vaststelling_default_notice_id_default_notice')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['user_account.id'], name=op.f('fk_dwangsom_vaststelling_drafted_by_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dwangsom_vaststelling_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_dwangsom_vaststelling_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dwangsom_vaststelling')),
    sa.UniqueConstraint('default_notice_id', name=op.f('uq_dwangsom_vaststelling_default_notice_id'))
    )
    with op.batch_alter_table('dwangsom_vaststelling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dwangsom_vaststelling_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('late_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(reason) > 0', name=op.f('ck_late_notice_has_reason')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_late_notice_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_late_notice_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_late_notice_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_late_notice'))
    )
    with op.batch_alter_table('late_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_late_notice_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('bezwaar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('objection_id', sa.Integer(), nullable=True),
    sa.Column('kenmerk', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('on_time', sa.Boolean(), nullable=False),
    sa.Column('excusable', sa.Boolean(), nullable=True),
    sa.Column('excusable_reason', sa.Text(), nullable=True),
    sa.Column('grounds', sa.Text(), nullable=True),
    sa.Column('defects', sa.String(length=100), nullable=False),
    sa.Column('made_by', sa.String(length=12), nullable=False),
    sa.Column('representative_name', sa.String(length=200), nullable=True),
    sa.Column('representative_address', sa.Text(), nullable=True),
    sa.Column('representative_email', sa.String(length=254), nullable=True),
    sa.Column('representative_is_lawyer', sa.Boolean(), nullable=False),
    sa.Column('authorisation_document_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('controllers_informed_on', sa.Date(), nullable=True),
    sa.Column('committee', sa.Boolean(), nullable=False),
    sa.Column('suspended_days', sa.Integer(), nullable=False),
    sa.Column('deferral_weeks', sa.Integer(), nullable=False),
    sa.Column('deferral_reason', sa.Text(), nullable=True),
    sa.Column('deferred_on', sa.Date(), nullable=True),
    sa.Column('further_until', sa.Date(), nullable=True),
    sa.Column('further_reason', sa.Text(), nullable=True),
    sa.Column('further_consent', sa.Text(), nullable=True),
    sa.Column('further_on', sa.Date(), nullable=True),
    sa.Column('decision_due_on', sa.Date(), nullable=False),
    sa.Column('hearing_waiver', sa.String(length=10), nullable=True),
    sa.Column('hearing_waiver_reason', sa.Text(), nullable=True),
    sa.Column('rechtbank_override', sa.Text(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('letter', 'email', 'web', 'desk')", name=op.f('ck_bezwaar_channel_known')),
    sa.CheckConstraint("made_by = 'self' OR representative_name IS NOT NULL", name=op.f('ck_bezwaar_representative_named')),
    sa.CheckConstraint("made_by IN ('self', 'gemachtigde')", name=op.f('ck_bezwaar_made_by_known')),
    sa.CheckConstraint("status <> 'withdrawn' OR withdrawn_reason IS NOT NULL", name=op.f('ck_bezwaar_withdrawal_has_reason')),
    sa.CheckConstraint("status IN ('received', 'awaiting_repair', 'in_progress', 'deciding', 'decided', 'withdrawn')", name=op.f('ck_bezwaar_status_known')),
    sa.CheckConstraint('deferral_weeks = 0 OR length(deferral_reason) > 0', name=op.f('ck_bezwaar_deferral_has_reason')),
    sa.CheckConstraint('deferral_weeks BETWEEN 0 AND 6', name=op.f('ck_bezwaar_deferral_at_most_six_weeks')),
    sa.CheckConstraint('further_until IS NULL OR length(further_consent) > 0', name=op.f('ck_bezwaar_further_deferral_has_consent')),
    sa.CheckConstraint('suspended_days >= 0', name=op.f('ck_bezwaar_suspension_not_negative')),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_bezwaar_assignee_id_user_account')),
    sa.ForeignKeyConstraint(['authorisation_document_id'], ['dsr_document.id'], name=op.f('fk_bezwaar_authorisation_document_id_dsr_document')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_bezwaar_decision_id_decision')),
    sa.ForeignKeyConstraint(['document_id'], ['dsr_document.id'], name=op.f('fk_bezwaar_document_id_dsr_document')),
    sa.ForeignKeyConstraint(['objection_id'], ['objection.id'], name=op.f('fk_bezwaar_objection_id_objection')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_bezwaar_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user_account.id'], name=op.f('fk_bezwaar_registered_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bezwaar')),
    sa.UniqueConstraint('kenmerk', name=op.f('uq_bezwaar_kenmerk'))
    )
    with op.batch_alter_table('bezwaar', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bezwaar_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bezwaar_dsr_id'), ['dsr_id'], unique=False)
        batch_op.create_index('ix_bezwaar_open_due', ['is_open', 'decision_due_on'], unique=False)

    op.create_table('bezwaar_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bezwaar_id', sa.Integer(), nullable=False),
    sa.Column('history_note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_back_reason', sa.Text(), nullable=True),
    sa.Column('sent_back_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'notified') = (sent_on IS NOT NULL)", name=op.f('ck_bezwaar_decision_sent_when_notified')),
    sa.CheckConstraint("(status IN ('approved', 'notified')) = (approved_by_id IS NOT NULL)", name=op.f('ck_bezwaar_decision_approved_when_taken')),
    sa.CheckConstraint("status IN ('draft', 'awaiting_approval', 'approved', 'notified')", name=op.f('ck_bezwaar_decision_status_known')),
    sa.CheckConstraint('approved_by_id IS NULL OR approved_by_id <> drafted_by_id', name=op.f('ck_bezwaar_decision_four_eyes')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user_account.id'], name=op.f('fk_bezwaar_decision_approved_by_id_user_account')),
    sa.ForeignKeyConstraint(['bezwaar_id'], ['bezwaar.id'], name=op.f('fk_bezwaar_decision_bezwaar_id_bezwaar')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['user_account.id'], name=op.f('fk_bezwaar_decision_drafted_by_id_user_account')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_bezwaar_decision_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bezwaar_decision')),
    sa.UniqueConstraint('bezwaar_id', name=op.f('uq_bezwaar_decision_bezwaar_id'))
    )
    op.create_table('bezwaar_hearing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bezwaar_id', sa.Integer(), nullable=False),
    sa.Column('hearing_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('hearer_id', sa.Integer(), nullable=False),
    sa.Column('invited_on', sa.Date(), nullable=False),
    sa.Column('documents_from', sa.Date(), nullable=False),
    sa.Column('documents_place', sa.Text(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('report_document_id', sa.Integer(), nullable=True),
    sa.Column('report_summary', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bezwaar_id'], ['bezwaar.id'], name=op.f('fk_bezwaar_hearing_bezwaar_id_bezwaar')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_bezwaar_hearing_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['hearer_id'], ['user_account.id'], name=op.f('fk_bezwaar_hearing_hearer_id_user_account')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_bezwaar_hearing_letter_id_letter')),
    sa.ForeignKeyConstraint(['report_document_id'], ['dsr_document.id'], name=op.f('fk_bezwaar_hearing_report_document_id_dsr_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bezwaar_hearing'))
    )
    with op.batch_alter_table('bezwaar_hearing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bezwaar_hearing_bezwaar_id'), ['bezwaar_id'], unique=False)

    op.create_table('bezwaar_repair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bezwaar_id', sa.Integer(), nullable=False),
    sa.Column('defects', sa.String(length=100), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('term_until', sa.Date(), nullable=False),
    sa.Column('repaired_on', sa.Date(), nullable=True),
    sa.Column('expired_on', sa.Date(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('NOT (repaired_on IS NOT NULL AND expired_on IS NOT NULL)', name=op.f('ck_bezwaar_repair_repaired_or_expired')),
    sa.CheckConstraint('term_until > sent_on', name=op.f('ck_bezwaar_repair_term_after_sending')),
    sa.ForeignKeyConstraint(['bezwaar_id'], ['bezwaar.id'], name=op.f('fk_bezwaar_repair_bezwaar_id_bezwaar')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_bezwaar_repair_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_bezwaar_repair_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bezwaar_repair'))
    )
    with op.batch_alter_table('bezwaar_repair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bezwaar_repair_bezwaar_id'), ['bezwaar_id'], unique=False)

    op.create_table('bezwaar_decision_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ruling_id', sa.Integer(), nullable=False),
    sa.Column('right', sa.String(length=2), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reconsideration', sa.Text(), nullable=False),
    sa.Column('new_outcome', sa.String(length=30), nullable=True),
    sa.Column('new_grounds', sa.String(length=200), nullable=False),
    sa.Column('new_motivation', sa.Text(), nullable=True),
    sa.Column('new_measures', sa.Text(), nullable=True),
    sa.CheckConstraint("(outcome = 'gegrond') = (new_outcome IS NOT NULL)", name=op.f('ck_bezwaar_decision_part_new_besluit_when_well_founded')),
    sa.CheckConstraint("new_outcome IS NULL OR new_outcome IN ('toewijzen', 'gedeeltelijk_toewijzen', 'afwijzen', 'niet_behandelen')", name=op.f('ck_bezwaar_decision_part_new_outcome_known')),
    sa.CheckConstraint("outcome IN ('gegrond', 'ongegrond', 'niet_ontvankelijk')", name=op.f('ck_bezwaar_decision_part_outcome_known')),
    sa.ForeignKeyConstraint(['ruling_id'], ['bezwaar_decision.id'], name=op.f('fk_bezwaar_decision_part_ruling_id_bezwaar_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bezwaar_decision_part')),
    sa.UniqueConstraint('ruling_id', 'right', name='uq_bezwaar_decision_part_right')
    )
    with op.batch_alter_table('bezwaar_decision_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bezwaar_decision_part_ruling_id'), ['ruling_id'], unique=False)

    op.add_column('contact_point_settings', sa.Column('rechtbank', sa.Text(), nullable=True))
    op.add_column('contact_point_settings', sa.Column('bezwaar_committee', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    op.drop_column('contact_point_settings', 'bezwaar_committee')
    op.drop_column('contact_point_settings', 'rechtbank')

    with op.batch_alter_table('bezwaar_decision_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bezwaar_decision_part_ruling_id'))

    op.drop_table('bezwaar_decision_part')
    with op.batch_alter_table('bezwaar_repair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bezwaar_repair_bezwaar_id'))

    op.drop_table('bezwaar_repair')
    with op.batch_alter_table('bezwaar_hearing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bezwaar_hearing_bezwaar_id'))

    op.drop_table('bezwaar_hearing')
    op.drop_table('bezwaar_decision')
    with op.batch_alter_table('bezwaar', schema=None) as batch_op:
        batch_op.drop_index('ix_bezwaar_open_due')
        batch_op.drop_index(batch_op.f('ix_bezwaar_dsr_id'))
        batch_op.drop_index(batch_op.f('ix_bezwaar_decision_id'))

    op.drop_table('bezwaar')
    with op.batch_alter_table('late_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_late_notice_dsr_id'))

    op.drop_table('late_notice')
    with op.batch_alter_table('dwangsom_vaststelling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dwangsom_vaststelling_dsr_id'))

    op.drop_table('dwangsom_vaststelling')
