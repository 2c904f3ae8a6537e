"""The knowledge base (issue 16): ``snippets`` holds what is the same in every language of a
snippet; ``snippet_versions`` every version of every language's text, never updated except to
record its approval. A translation's ``german_version`` is the German version it was written or
approved against: lower than German's current version means out of date.

Revision ID: 0011_snippets
Revises: 0010_walk_in
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_snippets"
down_revision = "0010_walk_in"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snippets",
        sa.Column("snippet_id", sa.String(64), primary_key=True),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("legal_basis", sa.JSON, nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "snippet_versions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column(
            "snippet_id", sa.String(64), sa.ForeignKey("snippets.snippet_id"), nullable=False
        ),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("german_version", sa.Integer, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("phrasings", sa.JSON, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),  # None: imported from files
        sa.Column("approved_by", sa.String(64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("snippet_id", "language", "version", name="uq_snippet_version"),
    )
    # Every earlier state of a snippet's language-independent part (topic, audience, legal
    # basis, demo mark): a row per change, the current one in ``snippets``.
    op.create_table(
        "snippet_meta_versions",
        sa.Column(
            "snippet_id", sa.String(64), sa.ForeignKey("snippets.snippet_id"), primary_key=True
        ),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("legal_basis", sa.JSON, nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("snippet_meta_versions")
    op.drop_table("snippet_versions")
    op.drop_table("snippets")
