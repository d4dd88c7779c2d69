"""sso: account links to identity-provider subjects, the provider behind a session (for
RP-initiated log-out), DigiD with a request (level, DigiD Machtigen representative)

Revision ID: 0020a
Revises: 0019a
Create Date: 2026-12-02 13:42:17

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020a'
down_revision = '0019a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sso_account_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('provider_key', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('linked_by', sa.String(length=10), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("linked_by IN ('email', 'subject')", name=op.f('ck_sso_account_link_linked_by_known')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_sso_account_link_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_account_link')),
    sa.UniqueConstraint('provider_key', 'subject', name='uq_sso_account_link_subject'),
    sa.UniqueConstraint('provider_key', 'user_id', name='uq_sso_account_link_user')
    )
    with op.batch_alter_table('sso_account_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sso_account_link_user_id'), ['user_id'], unique=False)

    op.create_table('sso_dsr_digid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('loa', sa.String(length=20), nullable=False),
    sa.Column('authenticated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_mandate', sa.Boolean(), nullable=False),
    sa.Column('representative_bsn_encrypted', sa.String(length=200), nullable=True),
    sa.Column('representative_bsn_hash', sa.String(length=64), nullable=True),
    sa.Column('representative_bsn_last3', sa.String(length=3), nullable=True),
    sa.CheckConstraint("loa IN ('basis', 'midden', 'substantieel', 'hoog')", name=op.f('ck_sso_dsr_digid_loa_known')),
    sa.CheckConstraint('(representative_bsn_encrypted IS NULL) = (representative_bsn_hash IS NULL)', name=op.f('ck_sso_dsr_digid_representative_pair')),
    sa.CheckConstraint('is_mandate = (representative_bsn_hash IS NOT NULL)', name=op.f('ck_sso_dsr_digid_mandate_has_representative')),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_sso_dsr_digid_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_dsr_digid')),
    sa.UniqueConstraint('dsr_id', name=op.f('uq_sso_dsr_digid_dsr_id'))
    )
    with op.batch_alter_table('sso_dsr_digid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sso_dsr_digid_representative_bsn_hash'), ['representative_bsn_hash'], unique=False)

    op.create_table('sso_login',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_session_id', sa.Integer(), nullable=False),
    sa.Column('provider_key', sa.String(length=40), nullable=False),
    sa.Column('id_token_encrypted', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_session_id'], ['user_session.id'], name=op.f('fk_sso_login_user_session_id_user_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_login')),
    sa.UniqueConstraint('user_session_id', name=op.f('uq_sso_login_user_session_id'))
    )


def downgrade():
    op.drop_table('sso_login')
    with op.batch_alter_table('sso_dsr_digid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sso_dsr_digid_representative_bsn_hash'))

    op.drop_table('sso_dsr_digid')
    with op.batch_alter_table('sso_account_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sso_account_link_user_id'))

    op.drop_table('sso_account_link')
