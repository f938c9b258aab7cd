"""project register: a stage for every past project, and the ideas inbox

Existing past projects become register entries: each gets ``stage`` ("evaluated" when it
already carries an evaluation, otherwise "finished"), in the ``stage`` column and in its
record, with a revision row so the change shows in its history. Nothing else in the
records changes (years, partners, scheme… are kept as they were).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
AUTHOR = 'migration 0005 (project register)'

projects = sa.table(
    'past_projects',
    sa.column('id', sa.String), sa.column('data', JSON), sa.column('version', sa.Integer),
    sa.column('stage', sa.String), sa.column('updated_at', sa.DateTime(timezone=True)),
)
revisions = sa.table(
    'revisions',
    sa.column('entity_type', sa.String), sa.column('entity_id', sa.String), sa.column('version', sa.Integer),
    sa.column('action', sa.String), sa.column('author', sa.String), sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('changes', JSON), sa.column('snapshot', JSON), sa.column('note', sa.Text),
)
catalog_state = sa.table('catalog_state', sa.column('id', sa.Integer), sa.column('version', sa.Integer),
                         sa.column('updated_at', sa.DateTime(timezone=True)))


def upgrade() -> None:
    op.create_table('ideas',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('schemes', JSON, nullable=False),
    sa.Column('partners', JSON, nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('project_id', sa.String(length=80), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by', sa.String(length=320), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_status'), ['status'], unique=False)

    with op.batch_alter_table('past_projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=16), server_default='finished', nullable=False))
        batch_op.create_index(batch_op.f('ix_past_projects_stage'), ['stage'], unique=False)

    _stage_existing_projects()


def _stage_existing_projects() -> None:
    """Every existing past project gets its stage, as a new version with a history row."""
    bind = op.get_bind()
    now = dt.datetime.now(dt.timezone.utc)
    rows = bind.execute(sa.select(projects.c.id, projects.c.data, projects.c.version)
                        .order_by(projects.c.id)).all()
    for project_id, data, version in rows:
        data = dict(data or {})
        if data.get('stage'):
            stage = data['stage']
        else:
            stage = 'evaluated' if data.get('evaluation') else 'finished'
            data['stage'] = stage
        new_version = (version or 1) + 1
        bind.execute(projects.update().where(projects.c.id == project_id)
                     .values(data=data, stage=stage, version=new_version, updated_at=now))
        bind.execute(revisions.insert().values(
            entity_type='project', entity_id=project_id, version=new_version, action='update', author=AUTHOR,
            created_at=now, changes={'stage': {'old': None, 'new': stage}}, snapshot=data,
            note='became a project register entry'))
    if rows:  # web workers rebuild their matcher index when this stamp moves
        state = bind.execute(sa.select(catalog_state.c.version).where(catalog_state.c.id == 1)).scalar()
        if state is None:
            bind.execute(catalog_state.insert().values(id=1, version=1, updated_at=now))
        else:
            bind.execute(catalog_state.update().where(catalog_state.c.id == 1)
                         .values(version=state + 1, updated_at=now))


def downgrade() -> None:
    # The stage leaves the records again (the other register fields stay in the JSON record).
    bind = op.get_bind()
    for project_id, data in bind.execute(sa.select(projects.c.id, projects.c.data)).all():
        if isinstance(data, dict) and 'stage' in data:
            bind.execute(projects.update().where(projects.c.id == project_id)
                         .values(data={k: v for k, v in data.items() if k != 'stage'}))
    with op.batch_alter_table('past_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_past_projects_stage'))
        batch_op.drop_column('stage')

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_status'))
        batch_op.drop_index(batch_op.f('ix_ideas_project_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_email'))
        batch_op.drop_index(batch_op.f('ix_ideas_created_at'))

    op.drop_table('ideas')
