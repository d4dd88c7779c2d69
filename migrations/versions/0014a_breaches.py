"""breaches: the breach register, a task per joint controller, the 72-hour reminder ledger,
the notifications to the AP, the communications to the people, the breach settings

Revision ID: 0014a
Revises: 0009
Create Date: 2026-12-02 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014a'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('breach',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('aware_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_by_organisation_id', sa.Integer(), nullable=True),
    sa.Column('source_organisation_id', sa.Integer(), nullable=True),
    sa.Column('breach_types', sa.String(length=100), nullable=False),
    sa.Column('data_kinds', sa.String(length=200), nullable=False),
    sa.Column('data_description', sa.Text(), nullable=True),
    sa.Column('persons_count', sa.Integer(), nullable=True),
    sa.Column('records_count', sa.Integer(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('risk', sa.String(length=10), nullable=True),
    sa.Column('risk_reasons', sa.Text(), nullable=True),
    sa.Column('risk_example', sa.String(length=10), nullable=True),
    sa.Column('risk_factors', sa.String(length=200), nullable=False),
    sa.Column('consequences', sa.Text(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('notifier_organisation_id', sa.Integer(), nullable=True),
    sa.Column('notifier_reason', sa.Text(), nullable=True),
    sa.Column('communication_decision', sa.String(length=10), nullable=True),
    sa.Column('communication_ground', sa.String(length=10), nullable=True),
    sa.Column('communication_reason', sa.Text(), nullable=True),
    sa.Column('people_nature', sa.Text(), nullable=True),
    sa.Column('people_consequences', sa.Text(), nullable=True),
    sa.Column('people_measures', sa.Text(), nullable=True),
    sa.Column('people_advice', sa.Text(), nullable=True),
    sa.Column('communication_decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('communication_decided_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name=op.f('ck_breach_closed_when_closed')),
    sa.CheckConstraint("communication_decision IS NULL OR communication_decision <> 'uavg-41' OR communication_ground IS NOT NULL", name=op.f('ck_breach_restriction_has_ground')),
    sa.CheckConstraint("communication_decision IS NULL OR communication_decision IN ('inform', '34-3-a', '34-3-b', '34-3-c', 'uavg-41')", name=op.f('ck_breach_decision_known')),
    sa.CheckConstraint("risk IS NULL OR risk IN ('none', 'risk', 'high')", name=op.f('ck_breach_risk_known')),
    sa.CheckConstraint("status = 'reported' OR risk IS NOT NULL", name=op.f('ck_breach_assessed_has_risk')),
    sa.CheckConstraint("status IN ('reported', 'assessed', 'notified', 'closed')", name=op.f('ck_breach_status_known')),
    sa.CheckConstraint('communication_decision IS NULL OR length(communication_reason) > 0', name=op.f('ck_breach_decision_has_reason')),
    sa.CheckConstraint('occurred_at IS NULL OR occurred_at <= aware_at', name=op.f('ck_breach_occurred_before_awareness')),
    sa.CheckConstraint('persons_count IS NULL OR persons_count >= 0', name=op.f('ck_breach_persons_not_negative')),
    sa.CheckConstraint('records_count IS NULL OR records_count >= 0', name=op.f('ck_breach_records_not_negative')),
    sa.CheckConstraint('risk IS NULL OR length(risk_reasons) > 0', name=op.f('ck_breach_risk_has_reasons')),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['user_account.id'], name=op.f('fk_breach_assessed_by_id_user_account')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_breach_closed_by_id_user_account')),
    sa.ForeignKeyConstraint(['communication_decided_by_id'], ['user_account.id'], name=op.f('fk_breach_communication_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['notifier_organisation_id'], ['organisation.id'], name=op.f('fk_breach_notifier_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user_account.id'], name=op.f('fk_breach_reported_by_id_user_account')),
    sa.ForeignKeyConstraint(['reported_by_organisation_id'], ['organisation.id'], name=op.f('fk_breach_reported_by_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['source_organisation_id'], ['organisation.id'], name=op.f('fk_breach_source_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach')),
    sa.UniqueConstraint('reference', name=op.f('uq_breach_reference'))
    )
    with op.batch_alter_table('breach', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_reported_by_organisation_id'), ['reported_by_organisation_id'], unique=False)
        batch_op.create_index('ix_breach_status_aware_at', ['status', 'aware_at'], unique=False)

    op.create_table('breach_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notifier_rule', sa.String(length=20), nullable=False),
    sa.Column('notifier_organisation_id', sa.Integer(), nullable=True),
    sa.Column('contact_point_organisation_id', sa.Integer(), nullable=True),
    sa.Column('fg_name', sa.String(length=200), nullable=True),
    sa.Column('fg_email', sa.String(length=254), nullable=True),
    sa.Column('fg_phone', sa.String(length=40), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("notifier_rule <> 'fixed' OR notifier_organisation_id IS NOT NULL", name=op.f('ck_breach_settings_fixed_names_organisation')),
    sa.CheckConstraint("notifier_rule IN ('source', 'contact_point', 'fixed')", name=op.f('ck_breach_settings_rule_known')),
    sa.CheckConstraint('id = 1', name=op.f('ck_breach_settings_single_row')),
    sa.ForeignKeyConstraint(['contact_point_organisation_id'], ['organisation.id'], name=op.f('fk_breach_settings_contact_point_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['notifier_organisation_id'], ['organisation.id'], name=op.f('fk_breach_settings_notifier_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_breach_settings_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_settings'))
    )
    op.create_table('breach_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_breach_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['breach_id'], ['breach.id'], name=op.f('fk_breach_event_breach_id_breach')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_event'))
    )
    with op.batch_alter_table('breach_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_event_breach_id'), ['breach_id'], unique=False)

    op.create_table('breach_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breach.id'], name=op.f('fk_breach_person_breach_id_breach')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_breach_person_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_person')),
    sa.UniqueConstraint('breach_id', 'dsr_id', name='uq_breach_person')
    )
    with op.batch_alter_table('breach_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_person_breach_id'), ['breach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_breach_person_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('breach_reminder_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=10), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breach.id'], name=op.f('fk_breach_reminder_sent_breach_id_breach')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_reminder_sent')),
    sa.UniqueConstraint('breach_id', 'step', name='uq_breach_reminder_once')
    )
    with op.batch_alter_table('breach_reminder_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_reminder_sent_breach_id'), ['breach_id'], unique=False)

    op.create_table('breach_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('affected', sa.Boolean(), nullable=True),
    sa.Column('answer_data', sa.Text(), nullable=True),
    sa.Column('answer_persons', sa.Integer(), nullable=True),
    sa.Column('answer_measures', sa.Text(), nullable=True),
    sa.Column('answer_remarks', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('on_behalf_source', sa.String(length=20), nullable=True),
    sa.Column('on_behalf_received_on', sa.Date(), nullable=True),
    sa.Column('on_behalf_answered_by', sa.String(length=200), nullable=True),
    sa.Column('set_aside_reason', sa.Text(), nullable=True),
    sa.Column('set_aside_confirmed_by', sa.String(length=200), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status IN ('answered', 'on_behalf')) = (answered_at IS NOT NULL)", name=op.f('ck_breach_task_answered_when_answered')),
    sa.CheckConstraint("status <> 'on_behalf' OR (on_behalf_source IS NOT NULL AND on_behalf_received_on IS NOT NULL AND length(on_behalf_answered_by) > 0)", name=op.f('ck_breach_task_on_behalf_recorded')),
    sa.CheckConstraint("status <> 'set_aside' OR length(set_aside_reason) > 0", name=op.f('ck_breach_task_set_aside_has_reason')),
    sa.CheckConstraint("status IN ('open', 'answered', 'on_behalf', 'set_aside', 'cancelled')", name=op.f('ck_breach_task_status_known')),
    sa.CheckConstraint('answer_persons IS NULL OR answer_persons >= 0', name=op.f('ck_breach_task_persons_not_negative')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_breach_task_answered_by_id_user_account')),
    sa.ForeignKeyConstraint(['breach_id'], ['breach.id'], name=op.f('fk_breach_task_breach_id_breach')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_breach_task_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_breach_task_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_task')),
    sa.UniqueConstraint('breach_id', 'organisation_id', name='uq_breach_task_organisation')
    )
    with op.batch_alter_table('breach_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_task_breach_id'), ['breach_id'], unique=False)
        batch_op.create_index('ix_breach_task_org_status', ['organisation_id', 'status'], unique=False)

    op.create_table('breach_notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.Integer(), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('meldnummer', sa.String(length=60), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('is_complete', sa.Boolean(), nullable=False),
    sa.Column('nature', sa.Text(), nullable=True),
    sa.Column('data_categories', sa.Text(), nullable=True),
    sa.Column('persons_approx', sa.Integer(), nullable=True),
    sa.Column('records_approx', sa.Integer(), nullable=True),
    sa.Column('dpo_contact', sa.Text(), nullable=True),
    sa.Column('consequences', sa.Text(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('delay_reasons', sa.Text(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(meldnummer) > 0', name=op.f('ck_breach_notification_has_meldnummer')),
    sa.CheckConstraint('phase >= 1', name=op.f('ck_breach_notification_phase_positive')),
    sa.ForeignKeyConstraint(['breach_id'], ['breach.id'], name=op.f('fk_breach_notification_breach_id_breach')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_breach_notification_letter_id_letter')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_breach_notification_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_breach_notification_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_notification')),
    sa.UniqueConstraint('breach_id', 'phase', name='uq_breach_notification_phase')
    )
    with op.batch_alter_table('breach_notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_notification_breach_id'), ['breach_id'], unique=False)

    op.create_table('breach_communication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('addressee_name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('mail_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("channel <> 'email' OR email IS NOT NULL", name=op.f('ck_breach_communication_email_has_address')),
    sa.CheckConstraint("channel IN ('letter', 'email')", name=op.f('ck_breach_communication_channel_known')),
    sa.ForeignKeyConstraint(['breach_id'], ['breach.id'], name=op.f('fk_breach_communication_breach_id_breach')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_breach_communication_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_breach_communication_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_breach_communication_letter_id_letter')),
    sa.ForeignKeyConstraint(['mail_id'], ['mail_outbox.id'], name=op.f('fk_breach_communication_mail_id_mail_outbox')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_communication'))
    )
    with op.batch_alter_table('breach_communication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_communication_breach_id'), ['breach_id'], unique=False)



def downgrade():
    with op.batch_alter_table('breach_communication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breach_communication_breach_id'))

    op.drop_table('breach_communication')
    with op.batch_alter_table('breach_notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breach_notification_breach_id'))

    op.drop_table('breach_notification')
    with op.batch_alter_table('breach_task', schema=None) as batch_op:
        batch_op.drop_index('ix_breach_task_org_status')
        batch_op.drop_index(batch_op.f('ix_breach_task_breach_id'))

    op.drop_table('breach_task')
    with op.batch_alter_table('breach_reminder_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breach_reminder_sent_breach_id'))

    op.drop_table('breach_reminder_sent')
    with op.batch_alter_table('breach_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breach_person_dsr_id'))
        batch_op.drop_index(batch_op.f('ix_breach_person_breach_id'))

    op.drop_table('breach_person')
    with op.batch_alter_table('breach_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breach_event_breach_id'))

    op.drop_table('breach_event')
    op.drop_table('breach_settings')
    with op.batch_alter_table('breach', schema=None) as batch_op:
        batch_op.drop_index('ix_breach_status_aware_at')
        batch_op.drop_index(batch_op.f('ix_breach_reported_by_organisation_id'))

    op.drop_table('breach')
