"""Coordinator accounts: creation, password checks and login rate limiting."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from grantmatch.catalog.models import LoginAttempt, User, utcnow

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_CHARS = 12
# A hash that check_password_hash can verify in the same time as a real one, used when the
# account does not exist so that timing does not reveal which e-mail addresses are known.
_DUMMY_HASH = generate_password_hash("not-a-real-password-0000")


class AccountError(ValueError):
    """A user-facing problem with an account request."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if password.strip() != password:
        raise AccountError("the password must not start or end with spaces")


def create_user(session: Session, email: str, password: str) -> User:
    email = normalise_email(email)
    if not EMAIL_RE.match(email) or len(email) > 320:
        raise AccountError(f"{email!r} is not a valid e-mail address")
    check_new_password(password)
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, password_hash=generate_password_hash(password), active=True)
    session.add(user)
    session.commit()
    return user


def set_password(session: Session, email: str, password: str) -> User:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise AccountError(f"no account for {email}")
    check_new_password(password)
    user.password_hash = generate_password_hash(password)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def recent_failures(session: Session, key: str, window: dt.timedelta) -> int:
    since = utcnow() - window
    return session.scalar(select(func.count()).select_from(LoginAttempt)
                          .where(LoginAttempt.key == key, LoginAttempt.created_at >= since)) or 0


def record_failure(session: Session, key: str) -> None:
    session.add(LoginAttempt(key=key, created_at=utcnow()))
    session.commit()


def clear_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
    session.commit()
