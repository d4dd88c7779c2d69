"""decision previews: the CONCEPT PDF of a draft besluit, rendered by a job for the user who
asked (issue 15, finding 8)

Revision ID: 0021c
Revises: 0021b
Create Date: 2026-12-03 10:42:47

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021c'
down_revision = '0021b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decision_preview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(status = 'ready') = (pdf IS NOT NULL)", name=op.f('ck_decision_preview_pdf_when_ready')),
    sa.CheckConstraint("status IN ('pending', 'ready', 'failed')", name=op.f('ck_decision_preview_status_known')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_decision_preview_decision_id_decision'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_decision_preview_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_preview'))
    )
    with op.batch_alter_table('decision_preview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_preview_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_preview_requested_at'), ['requested_at'], unique=False)
        batch_op.create_index('ix_decision_preview_user_id_status', ['user_id', 'status'], unique=False)



def downgrade():
    with op.batch_alter_table('decision_preview', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_preview_user_id_status')
        batch_op.drop_index(batch_op.f('ix_decision_preview_requested_at'))
        batch_op.drop_index(batch_op.f('ix_decision_preview_decision_id'))

    op.drop_table('decision_preview')
