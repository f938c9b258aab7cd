"""Coordinator login: Flask-Login user loading, the login form and rate limiting."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from grantmatch.catalog.models import User
from grantmatch.web.extensions import login_manager
from grantmatch.web.state import db_session

LOCKOUT_WINDOW = dt.timedelta(minutes=15)


class LoginUser(UserMixin):
    def __init__(self, user: User) -> None:
        self.id = str(user.id)
        self.email = user.email


@login_manager.user_loader
def _load_user(user_id: str) -> LoginUser | None:
    if not user_id.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    return LoginUser(user) if user is not None and user.active else None


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths may be redirect targets (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
