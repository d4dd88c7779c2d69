"""requests, their timeline, invitations, documents and reminders; letters; the mail outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 01:57:52.824343

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dsr_public_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_public_submission'))
    )
    with op.batch_alter_table('dsr_public_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dsr_public_submission_address_hash'), ['address_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_dsr_public_submission_at'), ['at'], unique=False)

    op.create_table('dsr',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('first_received_by_id', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.Column('given_names', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('search_name', sa.String(length=200), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('street_address', sa.String(length=200), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('bsn_encrypted', sa.String(length=200), nullable=True),
    sa.Column('bsn_hash', sa.String(length=64), nullable=True),
    sa.Column('bsn_last3', sa.String(length=3), nullable=True),
    sa.Column('representation', sa.String(length=20), nullable=False),
    sa.Column('represented_name', sa.String(length=200), nullable=True),
    sa.Column('represented_date_of_birth', sa.Date(), nullable=True),
    sa.Column('rights', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('rectification_wrong', sa.Text(), nullable=True),
    sa.Column('rectification_correct', sa.Text(), nullable=True),
    sa.Column('delivery', sa.String(length=12), nullable=False),
    sa.Column('electronic_consent', sa.Boolean(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('is_possible_repeat', sa.Boolean(), nullable=False),
    sa.Column('identity_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('identity_checked_by_id', sa.Integer(), nullable=True),
    sa.Column('identity_method', sa.String(length=30), nullable=True),
    sa.Column('forwarded_to', sa.String(length=200), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=True),
    sa.Column('suspended_days', sa.Integer(), nullable=False),
    sa.Column('extension_notice_by', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('extended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('not_handled_decision_by', sa.Date(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status IN ('forwarded', 'withdrawn', 'closed', 'refused_12_5')) = (closed_at IS NOT NULL)", name=op.f('ck_dsr_closed_when_terminal')),
    sa.CheckConstraint("channel IN ('web', 'letter', 'email', 'phone', 'desk')", name=op.f('ck_dsr_channel_known')),
    sa.CheckConstraint("delivery <> 'electronic' OR (electronic_consent AND email IS NOT NULL)", name=op.f('ck_dsr_electronic_only_by_choice')),
    sa.CheckConstraint("delivery IN ('post', 'electronic')", name=op.f('ck_dsr_delivery_known')),
    sa.CheckConstraint("representation = 'self' OR represented_name IS NOT NULL", name=op.f('ck_dsr_represented_person_named')),
    sa.CheckConstraint("status <> 'forwarded' OR forwarded_to IS NOT NULL", name=op.f('ck_dsr_forwarded_has_recipient')),
    sa.CheckConstraint("status <> 'refused_12_5' OR refusal_reason IS NOT NULL", name=op.f('ck_dsr_refusal_has_reason')),
    sa.CheckConstraint("status IN ('received', 'awaiting_information', 'term_expired', 'in_progress', 'deciding', 'closed', 'withdrawn', 'forwarded', 'refused_12_5')", name=op.f('ck_dsr_status_known')),
    sa.CheckConstraint('(bsn_encrypted IS NULL) = (bsn_hash IS NULL)', name=op.f('ck_dsr_bsn_pair')),
    sa.CheckConstraint('(identity_checked_at IS NULL) = (identity_method IS NULL)', name=op.f('ck_dsr_identity_check_has_method')),
    sa.CheckConstraint('extended_at IS NULL OR length(extension_reason) > 0', name=op.f('ck_dsr_extension_has_reason')),
    sa.CheckConstraint('suspended_days >= 0', name=op.f('ck_dsr_suspension_not_negative')),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_dsr_assignee_id_user_account')),
    sa.ForeignKeyConstraint(['first_received_by_id'], ['organisation.id'], name=op.f('fk_dsr_first_received_by_id_organisation')),
    sa.ForeignKeyConstraint(['identity_checked_by_id'], ['user_account.id'], name=op.f('fk_dsr_identity_checked_by_id_user_account')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user_account.id'], name=op.f('fk_dsr_registered_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr')),
    sa.UniqueConstraint('reference', name=op.f('uq_dsr_reference')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_dsr_submission_token'))
    )
    with op.batch_alter_table('dsr', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dsr_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index('ix_dsr_bsn_hash', ['bsn_hash'], unique=False)
        batch_op.create_index('ix_dsr_date_of_birth', ['date_of_birth'], unique=False)
        batch_op.create_index('ix_dsr_open_due', ['is_open', 'due_on'], unique=False)
        batch_op.create_index('ix_dsr_search_name', ['search_name'], unique=False, postgresql_ops={'search_name': 'text_pattern_ops'})

    op.create_table('dsr_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dsr_document_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_document'))
    )
    with op.batch_alter_table('dsr_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dsr_document_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('dsr_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=False),
    sa.Column('to_status', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_dsr_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dsr_event_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_event'))
    )
    with op.batch_alter_table('dsr_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dsr_event_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('dsr_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dsr_reminder_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_reminder')),
    sa.UniqueConstraint('dsr_id', 'kind', 'due_on', name='uq_dsr_reminder_once')
    )
    with op.batch_alter_table('dsr_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dsr_reminder_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('kenmerk', sa.String(length=40), nullable=False),
    sa.Column('dagtekening', sa.DateTime(timezone=True), nullable=False),
    sa.Column('template_version', sa.String(length=20), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(pdf IS NULL) = (sha256 IS NULL)', name=op.f('ck_letter_hash_with_pdf')),
    sa.CheckConstraint('(rendered_at IS NULL) = (pdf IS NULL)', name=op.f('ck_letter_pdf_when_rendered')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_letter_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_letter_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter'))
    )
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('dsr_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('term_until', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('expired_on', sa.Date(), nullable=True),
    sa.Column('resume_status', sa.String(length=30), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('NOT (answered_on IS NOT NULL AND expired_on IS NOT NULL)', name=op.f('ck_dsr_invitation_answered_or_expired')),
    sa.CheckConstraint('term_until > sent_on', name=op.f('ck_dsr_invitation_term_after_sending')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_dsr_invitation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dsr_invitation_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_dsr_invitation_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_invitation'))
    )
    with op.batch_alter_table('dsr_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dsr_invitation_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name=op.f('ck_mail_outbox_sent_when_sent')),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed', 'held')", name=op.f('ck_mail_outbox_status_known')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_mail_outbox_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_mail_outbox_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_dsr_id'), ['dsr_id'], unique=False)



def downgrade():
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_outbox_dsr_id'))

    op.drop_table('mail_outbox')
    with op.batch_alter_table('dsr_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dsr_invitation_dsr_id'))

    op.drop_table('dsr_invitation')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_dsr_id'))

    op.drop_table('letter')
    with op.batch_alter_table('dsr_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dsr_reminder_dsr_id'))

    op.drop_table('dsr_reminder')
    with op.batch_alter_table('dsr_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dsr_event_dsr_id'))

    op.drop_table('dsr_event')
    with op.batch_alter_table('dsr_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dsr_document_dsr_id'))

    op.drop_table('dsr_document')
    with op.batch_alter_table('dsr', schema=None) as batch_op:
        batch_op.drop_index('ix_dsr_search_name', postgresql_ops={'search_name': 'text_pattern_ops'})
        batch_op.drop_index('ix_dsr_open_due')
        batch_op.drop_index('ix_dsr_date_of_birth')
        batch_op.drop_index('ix_dsr_bsn_hash')
        batch_op.drop_index(batch_op.f('ix_dsr_assignee_id'))

    op.drop_table('dsr')
    with op.batch_alter_table('dsr_public_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dsr_public_submission_at'))
        batch_op.drop_index(batch_op.f('ix_dsr_public_submission_address_hash'))

    op.drop_table('dsr_public_submission')
