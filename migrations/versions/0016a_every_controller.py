"""every joint controller answers: answers on behalf and set-asides of a task, files withheld
or received on paper, the UAVG 41(2) weighing and the withheld entries of a restriction, and per
organisation its gemeente and who decides on a request

Revision ID: 0016a
Revises: 0015a
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016a'
down_revision = '0015a'
branch_labels = None
depends_on = None

OLD_STATUSES = "'open', 'question', 'submitted', 'declined', 'cancelled'"
NEW_STATUSES = OLD_STATUSES + ", 'on_behalf', 'set_aside'"


def _without_foreign_keys_on_sqlite(change):
    """Run ``change`` with SQLite's foreign keys off: a batch copies and drops a table, and
    dropping ``coordination_task`` would fail (or orphan) the answers, files and messages that
    point at its rows. SQLite ignores the pragma inside a transaction, so the one Alembic
    holds is committed first (SQLite has no transactional DDL here anyway); the copy is
    checked with ``foreign_key_check`` before the keys are on again. On PostgreSQL the
    constraints change in place."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        change(False)
        return
    raw = bind.connection.dbapi_connection
    raw.commit()
    raw.execute('PRAGMA foreign_keys=OFF')
    try:
        change(True)
        broken = raw.execute('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'foreign keys broken by the copy: {broken[:5]}')
        raw.commit()
    finally:
        raw.execute('PRAGMA foreign_keys=ON')


def _upgrade_tables(sqlite):
    with op.batch_alter_table('coordination_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_source', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('on_behalf_received_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('on_behalf_answered_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('set_aside_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('set_aside_confirmed_by', sa.String(length=200), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_coordination_task_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_coordination_task_submitted_when_submitted'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_coordination_task_status_known'),
                                         f"status IN ({NEW_STATUSES})")
        batch_op.create_check_constraint(
            batch_op.f('ck_coordination_task_answered_has_moment'),
            "(status IN ('submitted', 'on_behalf')) = (submitted_at IS NOT NULL)")
        batch_op.create_check_constraint(
            batch_op.f('ck_coordination_task_on_behalf_recorded'),
            "status <> 'on_behalf' OR (on_behalf_source IS NOT NULL AND "
            "on_behalf_received_on IS NOT NULL AND length(on_behalf_answered_by) > 0)")
        batch_op.create_check_constraint(
            batch_op.f('ck_coordination_task_set_aside_has_reason'),
            "status <> 'set_aside' OR (length(set_aside_reason) > 0 AND "
            "length(set_aside_confirmed_by) > 0)")
    with op.batch_alter_table('task_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), server_default='data', nullable=False))
        batch_op.add_column(sa.Column('withheld_ground', sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_task_file_role_known'),
                                         "role IN ('data', 'on_behalf')")
    with op.batch_alter_table('task_restriction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weighing', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('withheld_categories', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('withheld_entries', sa.Text(), nullable=True))
        # A draft may keep a ground whose motivation is still being written; submitting asks
        # for it (coordination.services).
        batch_op.drop_constraint(batch_op.f('ck_task_restriction_motivated'), type_='check')


def upgrade():
    _without_foreign_keys_on_sqlite(_upgrade_tables)
    # Plain ADD COLUMN, as in 0005: `organisation` is referenced by nearly every table. SQLite
    # cannot add a CHECK to an existing table; there the service and schema keep the values.
    op.add_column('organisation', sa.Column('municipality', sa.String(length=120), nullable=True))
    op.add_column('organisation', sa.Column('decision_mode', sa.String(length=20), server_default='contact_point', nullable=False))
    op.add_column('organisation', sa.Column('mandate_reference', sa.String(length=200), nullable=True))
    op.add_column('organisation', sa.Column('mandate_on', sa.Date(), nullable=True))
    op.add_column('organisation', sa.Column('own_objection_address', sa.Text(), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_check_constraint(
            'decision_mode_known', 'organisation',
            "decision_mode IN ('contact_point', 'mandate', 'self')")
        op.create_check_constraint(
            'mandate_recorded', 'organisation',
            "decision_mode <> 'mandate' OR (length(mandate_reference) > 0 AND "
            "mandate_on IS NOT NULL)")
        op.create_check_constraint(
            'self_has_objection_address', 'organisation',
            "decision_mode <> 'self' OR length(own_objection_address) > 0")
        op.create_check_constraint(
            'decision_mode_for_controllers', 'organisation',
            "decision_mode = 'contact_point' OR is_joint_controller")


def _downgrade_tables(sqlite):
    # Answers on behalf become submitted answers, set-asides open tasks again: the old schema
    # knows neither.
    op.execute("UPDATE coordination_task SET status = 'open', submitted_at = NULL, "
               "submitted_by_id = NULL WHERE status = 'set_aside'")
    op.execute("UPDATE coordination_task SET status = 'submitted' WHERE status = 'on_behalf'")
    op.execute("UPDATE task_restriction SET motivation = '-' WHERE length(motivation) = 0")
    with op.batch_alter_table('task_restriction', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_task_restriction_motivated'),
                                         'length(motivation) > 0')
        batch_op.drop_column('withheld_entries')
        batch_op.drop_column('withheld_categories')
        batch_op.drop_column('weighing')
    with op.batch_alter_table('task_file', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_task_file_role_known'), type_='check')
        batch_op.drop_column('withheld_ground')
        batch_op.drop_column('role')
    with op.batch_alter_table('coordination_task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_coordination_task_set_aside_has_reason'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_coordination_task_on_behalf_recorded'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_coordination_task_answered_has_moment'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_coordination_task_status_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_coordination_task_status_known'),
                                         f"status IN ({OLD_STATUSES})")
        batch_op.create_check_constraint(
            batch_op.f('ck_coordination_task_submitted_when_submitted'),
            "(status = 'submitted') = (submitted_at IS NOT NULL)")
        batch_op.drop_column('set_aside_confirmed_by')
        batch_op.drop_column('set_aside_reason')
        batch_op.drop_column('on_behalf_answered_by')
        batch_op.drop_column('on_behalf_received_on')
        batch_op.drop_column('on_behalf_source')


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('decision_mode_for_controllers', 'organisation', type_='check')
        op.drop_constraint('self_has_objection_address', 'organisation', type_='check')
        op.drop_constraint('mandate_recorded', 'organisation', type_='check')
        op.drop_constraint('decision_mode_known', 'organisation', type_='check')
    op.drop_column('organisation', 'own_objection_address')
    op.drop_column('organisation', 'mandate_on')
    op.drop_column('organisation', 'mandate_reference')
    op.drop_column('organisation', 'decision_mode')
    op.drop_column('organisation', 'municipality')
    _without_foreign_keys_on_sqlite(_downgrade_tables)
