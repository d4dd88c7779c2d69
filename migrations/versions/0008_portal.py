"""portal: status links (hashed), failed link attempts, the moment a besluit became accessible

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portal_status_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_via', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_portal_status_link_dsr_id_dsr')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_status_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_portal_status_link_token_hash'))
    )
    with op.batch_alter_table('portal_status_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_status_link_dsr_id'), ['dsr_id'], unique=False)

    op.create_table('portal_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_attempt'))
    )
    with op.batch_alter_table('portal_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_attempt_address_hash'), ['address_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_portal_attempt_at'), ['at'], unique=False)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('available_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('available_at')
    with op.batch_alter_table('portal_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portal_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_portal_attempt_address_hash'))
    op.drop_table('portal_attempt')
    with op.batch_alter_table('portal_status_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portal_status_link_dsr_id'))
    op.drop_table('portal_status_link')
