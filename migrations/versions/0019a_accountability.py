"""accountability: the retention settings, destruction lists and their items, the annual report;
the breach report's double-submit token

Revision ID: 0019a
Revises: 0018a
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019a'
down_revision = '0018a'
branch_labels = None
depends_on = None


def upgrade():
    # The figures' date ranges (declared in avg_service/reports/models.py).
    with op.batch_alter_table('dsr', schema=None) as batch_op:
        batch_op.create_index('ix_dsr_received_on', ['received_on'], unique=False)
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index('ix_decision_verzenddatum', ['verzenddatum'], unique=False)
    with op.batch_alter_table('coordination_task', schema=None) as batch_op:
        batch_op.create_index('ix_coordination_task_sent_on', ['sent_on'], unique=False)
    # Issue 20's leftover: the breach report form's double-submit token.
    with op.batch_alter_table('breach', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_token', sa.String(length=64), nullable=True))
        # A unique index, not a constraint: SQLite would copy and drop the table for that.
        batch_op.create_index('ix_breach_submission_token', ['submission_token'], unique=True)
    op.create_table('destruction_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('first_approved_by_id', sa.Integer(), nullable=True),
    sa.Column('first_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('carried_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('carried_out_by_id', sa.Integer(), nullable=True),
    sa.Column('rejected_reason', sa.Text(), nullable=True),
    sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rejected_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'carried_out') = (carried_out_at IS NOT NULL)", name=op.f('ck_destruction_list_carried_out_when_done')),
    sa.CheckConstraint("status <> 'rejected' OR length(rejected_reason) > 0", name=op.f('ck_destruction_list_rejected_has_reason')),
    sa.CheckConstraint("status IN ('proposed', 'approved', 'carried_out', 'rejected')", name=op.f('ck_destruction_list_status_known')),
    sa.CheckConstraint("status NOT IN ('approved', 'carried_out') OR approved_by_id IS NOT NULL", name=op.f('ck_destruction_list_approved_before_carried_out')),
    sa.CheckConstraint('first_approved_by_id IS NULL OR approved_by_id IS NULL OR first_approved_by_id <> approved_by_id', name=op.f('ck_destruction_list_four_eyes')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user_account.id'], name=op.f('fk_destruction_list_approved_by_id_user_account')),
    sa.ForeignKeyConstraint(['carried_out_by_id'], ['user_account.id'], name=op.f('fk_destruction_list_carried_out_by_id_user_account')),
    sa.ForeignKeyConstraint(['first_approved_by_id'], ['user_account.id'], name=op.f('fk_destruction_list_first_approved_by_id_user_account')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_destruction_list_proposed_by_id_user_account')),
    sa.ForeignKeyConstraint(['rejected_by_id'], ['user_account.id'], name=op.f('fk_destruction_list_rejected_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_list'))
    )
    op.create_table('retention_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data_copies_months', sa.Integer(), nullable=False),
    sa.Column('uploads_months', sa.Integer(), nullable=False),
    sa.Column('request_file_months', sa.Integer(), nullable=False),
    sa.Column('mail_bodies_months', sa.Integer(), nullable=False),
    sa.Column('audit_entries_months', sa.Integer(), nullable=False),
    sa.Column('four_eyes', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('data_copies_months > 0 AND uploads_months > 0 AND request_file_months > 0 AND mail_bodies_months > 0 AND audit_entries_months > 0', name=op.f('ck_retention_settings_terms_positive')),
    sa.CheckConstraint('id = 1', name=op.f('ck_retention_settings_single_row')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_retention_settings_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_settings'))
    )
    op.create_table('destruction_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('data_copies', 'uploads', 'request_file', 'mail_bodies', 'audit_entries')", name=op.f('ck_destruction_item_kind_known')),
    sa.ForeignKeyConstraint(['list_id'], ['destruction_list.id'], name=op.f('fk_destruction_item_list_id_destruction_list')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_item'))
    )
    with op.batch_alter_table('destruction_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_item_list_id'), ['list_id'], unique=False)
        batch_op.create_index('ix_destruction_item_object', ['kind', 'object_type', 'object_id'], unique=False)

    op.create_table('annual_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('fg_text', sa.Text(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('figures_csv', sa.Text(), nullable=False),
    sa.Column('figures_json', sa.Text(), nullable=False),
    sa.Column('chain_checked', sa.Integer(), nullable=False),
    sa.Column('chain_broken_id', sa.BigInteger(), nullable=True),
    sa.Column('chain_reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('year BETWEEN 2000 AND 2999', name=op.f('ck_annual_report_year_plausible')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_annual_report_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_annual_report_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_report')),
    sa.UniqueConstraint('letter_id', name=op.f('uq_annual_report_letter_id'))
    )
    with op.batch_alter_table('annual_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_report_year'), ['year'], unique=False)



def downgrade():
    for table, index in (('coordination_task', 'ix_coordination_task_sent_on'),
                         ('decision', 'ix_decision_verzenddatum'), ('dsr', 'ix_dsr_received_on')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
    with op.batch_alter_table('annual_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_report_year'))

    op.drop_table('annual_report')
    with op.batch_alter_table('destruction_item', schema=None) as batch_op:
        batch_op.drop_index('ix_destruction_item_object')
        batch_op.drop_index(batch_op.f('ix_destruction_item_list_id'))

    op.drop_table('destruction_item')
    op.drop_table('retention_settings')
    op.drop_table('destruction_list')
    with op.batch_alter_table('breach', schema=None) as batch_op:
        batch_op.drop_index('ix_breach_submission_token')
        batch_op.drop_column('submission_token')
