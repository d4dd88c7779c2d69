"""representatives: how gezag, a machtiging or a court's beschikking was checked and whether the
representative is a party in the casus (UAVG 5, Awb 2:1, UAVG 41(1)(i)); a deceased person's
request (recital 27); hearings before the besluit (Awb 4:7, 4:8)

Revision ID: 0021b
Revises: 0021a
Create Date: 2026-12-03 10:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021b'
down_revision = '0021a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dsr_representative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('gezag_method', sa.String(length=30), nullable=True),
    sa.Column('gezag_holders', sa.Integer(), nullable=True),
    sa.Column('gezag_signed', sa.Integer(), nullable=True),
    sa.Column('gezag_note', sa.Text(), nullable=True),
    sa.Column('gezag_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('gezag_checked_by_id', sa.Integer(), nullable=True),
    sa.Column('authority_document_id', sa.Integer(), nullable=True),
    sa.Column('authority_scope', sa.Text(), nullable=True),
    sa.Column('authority_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('authority_checked_by_id', sa.Integer(), nullable=True),
    sa.Column('is_involved', sa.Boolean(), nullable=False),
    sa.Column('involved_note', sa.Text(), nullable=True),
    sa.Column('involved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('involved_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("gezag_method IS NULL OR gezag_method IN ('gezagsregister', 'rechterlijke_uitspraak', 'verklaring')", name=op.f('ck_dsr_representative_gezag_method_known')),
    sa.CheckConstraint('(gezag_method IS NULL) = (gezag_checked_at IS NULL)', name=op.f('ck_dsr_representative_gezag_check_dated')),
    sa.CheckConstraint('gezag_holders IS NULL OR gezag_holders BETWEEN 1 AND 2', name=op.f('ck_dsr_representative_gezag_holders_range')),
    sa.CheckConstraint('gezag_signed IS NULL OR (gezag_signed >= 0 AND gezag_holders IS NOT NULL AND gezag_signed <= gezag_holders)', name=op.f('ck_dsr_representative_gezag_signed_range')),
    sa.CheckConstraint('(authority_scope IS NULL) = (authority_checked_at IS NULL)', name=op.f('ck_dsr_representative_authority_check_dated')),
    sa.CheckConstraint('NOT is_involved OR length(involved_note) > 0', name=op.f('ck_dsr_representative_involvement_has_note')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dsr_representative_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['gezag_checked_by_id'], ['user_account.id'], name=op.f('fk_dsr_representative_gezag_checked_by_id_user_account')),
    sa.ForeignKeyConstraint(['authority_document_id'], ['dsr_document.id'], name=op.f('fk_dsr_representative_authority_document_id_dsr_document')),
    sa.ForeignKeyConstraint(['authority_checked_by_id'], ['user_account.id'], name=op.f('fk_dsr_representative_authority_checked_by_id_user_account')),
    sa.ForeignKeyConstraint(['involved_by_id'], ['user_account.id'], name=op.f('fk_dsr_representative_involved_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_representative')),
    sa.UniqueConstraint('dsr_id', name=op.f('uq_dsr_representative_dsr_id'))
    )
    op.create_table('dsr_deceased',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('died_on', sa.Date(), nullable=True),
    sa.Column('established_by', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("established_by IN ('brp', 'akte', 'deelnemer', 'verklaring')", name=op.f('ck_dsr_deceased_established_by_known')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_dsr_deceased_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_dsr_deceased_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dsr_deceased')),
    sa.UniqueConstraint('dsr_id', name=op.f('uq_dsr_deceased_dsr_id'))
    )

    op.create_table('hearing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('street_address', sa.String(length=200), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('regarding', sa.Text(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('term_until', sa.Date(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('exception', sa.String(length=20), nullable=True),
    sa.Column('exception_reason', sa.Text(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answer_document_id', sa.Integer(), nullable=True),
    sa.Column('answer_summary', sa.Text(), nullable=True),
    sa.Column('weighing', sa.Text(), nullable=True),
    sa.Column('weighed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('weighed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('4_7', '4_8')", name=op.f('ck_hearing_kind_known')),
    sa.CheckConstraint("exception IS NULL OR exception IN ('4_7_2', '4_8_2', '4_11_a', '4_11_b', '4_11_c', 'onbereikbaar')", name=op.f('ck_hearing_exception_known')),
    sa.CheckConstraint('(exception IS NULL) = (sent_on IS NOT NULL)', name=op.f('ck_hearing_invited_or_excepted')),
    sa.CheckConstraint('exception IS NULL OR length(exception_reason) > 0', name=op.f('ck_hearing_exception_has_reason')),
    sa.CheckConstraint('sent_on IS NULL OR (term_until IS NOT NULL AND term_until > sent_on)', name=op.f('ck_hearing_term_after_sending')),
    sa.CheckConstraint('answered_on IS NULL OR sent_on IS NOT NULL', name=op.f('ck_hearing_answer_to_invite')),
    sa.CheckConstraint('(weighing IS NULL) = (weighed_at IS NULL)', name=op.f('ck_hearing_weighing_dated')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_hearing_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_hearing_letter_id_letter')),
    sa.ForeignKeyConstraint(['answer_document_id'], ['dsr_document.id'], name=op.f('fk_hearing_answer_document_id_dsr_document')),
    sa.ForeignKeyConstraint(['weighed_by_id'], ['user_account.id'], name=op.f('fk_hearing_weighed_by_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_hearing_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hearing'))
    )
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hearing_dsr_id'), ['dsr_id'], unique=False)


def downgrade():
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hearing_dsr_id'))
    op.drop_table('hearing')
    op.drop_table('dsr_deceased')
    op.drop_table('dsr_representative')
