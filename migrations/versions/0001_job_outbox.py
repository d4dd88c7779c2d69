"""job outbox: the transactional outbox of background jobs

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 17:50:27.175811

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('queued_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(status = 'done') = (finished_at IS NOT NULL)", name=op.f('ck_queued_job_finished_when_done')),
    sa.CheckConstraint("status IN ('pending', 'done', 'failed')", name=op.f('ck_queued_job_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_queued_job_attempts_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queued_job'))
    )
    with op.batch_alter_table('queued_job', schema=None) as batch_op:
        batch_op.create_index('ix_queued_job_status_created_at', ['status', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('queued_job', schema=None) as batch_op:
        batch_op.drop_index('ix_queued_job_status_created_at')

    op.drop_table('queued_job')
