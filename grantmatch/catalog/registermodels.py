"""Models of the project register's inbox: project ideas sent by staff to the coordinator.

The register entries themselves are :class:`~grantmatch.catalog.models.PastProject` rows
(with a ``stage``); an idea becomes one when the coordinator registers it. The staff
member follows the idea through a capability URL; only the token's SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grantmatch.catalog.models import Base, JsonType, utcnow


class Idea(Base):
    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), index=True)
    text: Mapped[str] = mapped_column(Text)
    schemes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    partners: Mapped[list[str]] = mapped_column(JsonType, default=list)
    lang: Mapped[str] = mapped_column(String(5), default="nb")
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)  # new | registered | archived
    project_id: Mapped[str | None] = mapped_column(String(80), index=True)
    note: Mapped[str | None] = mapped_column(Text)  # the coordinator's word to the sender, shown on the status page
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by: Mapped[str | None] = mapped_column(String(320))

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "unit": self.unit, "email": self.email, "text": self.text,
                "schemes": list(self.schemes or []), "partners": list(self.partners or []), "status": self.status,
                "project_id": self.project_id}
