"""only a deelnemer carries an organisation: clear it on every other account, then a CHECK

Contact-point staff and jurists could carry the municipality's organisation (the college), the FG
and the beheerder none; from now on only a deelnemer (WGS art. 1.8(2)) carries one. What the
breach reports used it for comes from the breach arrangement's contact_point_organisation_id.
The cleared values are not needed to undo: the downgrade drops the CHECK only.

Revision ID: 0021e
Revises: 0021c
Create Date: 2026-12-03 10:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021e'
down_revision = '0021c'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE user_account SET organisation_id = NULL "
               "WHERE role <> 'deelnemer' AND organisation_id IS NOT NULL")
    # SQLite cannot add a CHECK to an existing table without copying it, and user_account is
    # pointed at by most tables: there the account service (invitations.organisation_for) holds.
    if op.get_bind().dialect.name != 'sqlite':
        op.create_check_constraint(op.f('ck_user_account_only_deelnemer_has_organisation'),
                                   'user_account',
                                   "role = 'deelnemer' OR organisation_id IS NULL")


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('ck_user_account_only_deelnemer_has_organisation'), 'user_account',
                           type_='check')
