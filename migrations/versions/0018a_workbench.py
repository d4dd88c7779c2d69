"""workbench: the queue's search on any part of a name or reference (pg_trgm on PostgreSQL),
notifications, invitation and reset tokens, a forced change of a password set by someone else

Revision ID: 0018a
Revises: 0017a
Create Date: 2026-12-02 14:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018a'
down_revision = '0017a'
branch_labels = None
depends_on = None


def _key(text):
    """queue.search_key, copied: a migration must not change when the code does."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def upgrade():
    bind = op.get_bind()
    is_postgres = bind.dialect.name == "postgresql"
    with op.batch_alter_table('dsr', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=500), server_default='',
                                      nullable=False))
    dsr = sa.table('dsr', sa.column('id', sa.Integer), sa.column('reference', sa.String),
                   sa.column('given_names', sa.String), sa.column('family_name', sa.String),
                   sa.column('search_text', sa.String))
    rows = bind.execute(sa.select(dsr.c.id, dsr.c.reference, dsr.c.given_names,
                                  dsr.c.family_name)).all()
    for row in rows:
        bind.execute(dsr.update().where(dsr.c.id == row.id).values(
            search_text=_key(f"{row.reference} {row.given_names} {row.family_name}")))
    if is_postgres:
        # trigram matching for LIKE '%...%'; creating an extension needs the right to (README)
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table('dsr', schema=None) as batch_op:
        batch_op.create_index('ix_dsr_search_text', ['search_text'], unique=False,
                              postgresql_using='gin',
                              postgresql_ops={'search_text': 'gin_trgm_ops'})

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))

    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("purpose IN ('invitation', 'reset')", name=op.f('ck_account_token_purpose_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_account_token_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_account_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'], unique=False)

    op.create_table('password_reset_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ip_hash', sa.String(length=64), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_request'))
    )
    with op.batch_alter_table('password_reset_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_request_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_request_email_hash'), ['email_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_request_ip_hash'), ['ip_hash'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('dsr_id', sa.Integer(), nullable=True),
    sa.Column('mail_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dsr_id'], ['dsr.id'], name=op.f('fk_notification_dsr_id_dsr')),
    sa.ForeignKeyConstraint(['mail_id'], ['mail_outbox.id'], name=op.f('fk_notification_mail_id_mail_outbox')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('user_id', 'dedupe_key', name='uq_notification_once')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_open', ['user_id', 'done_at'], unique=False)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_open')
    op.drop_table('notification')
    with op.batch_alter_table('password_reset_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_request_ip_hash'))
        batch_op.drop_index(batch_op.f('ix_password_reset_request_email_hash'))
        batch_op.drop_index(batch_op.f('ix_password_reset_request_at'))
    op.drop_table('password_reset_request')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))
    op.drop_table('account_token')
    # plain DROP COLUMN, not batch mode: a batch copy-and-drop of user_account or dsr breaks
    # the rows that point at them on SQLite
    op.drop_column('user_account', 'must_change_password')
    op.drop_index('ix_dsr_search_text', table_name='dsr')
    op.drop_column('dsr', 'search_text')
