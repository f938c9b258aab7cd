"""Edits with history and conflict detection, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from grantmatch.services.transfer import import_path
from tests.conftest import CATALOG

SCHEME = "nordplus-junior"


@pytest.fixture
def seeded(runtime: Runtime) -> Runtime:
    with runtime.session() as session:
        assert import_path(session, CATALOG, "seed").ok
    return runtime


def edit(runtime: Runtime, author: str, expected: int | None, **changes: object) -> cat.SaveResult:
    with runtime.session() as session:
        data = dict(cat.get_entity(session, "scheme", SCHEME).data, **changes)
        result = cat.save_entity(session, "scheme", data, author, expected_version=expected)
        session.commit()
        return result


def test_update_writes_revision_with_old_and_new(seeded: Runtime) -> None:
    result = edit(seeded, "anne@fredrikstad.kommune.no", 1, url="https://www.nordplusonline.org/new")
    assert (result.action, result.version) == ("update", 2)
    with seeded.session() as session:
        latest = cat.history(session, "scheme", SCHEME)[0]
    assert latest.author == "anne@fredrikstad.kommune.no"
    assert latest.changes["url"]["new"] == "https://www.nordplusonline.org/new"
    assert latest.changes["url"]["old"].startswith("http")
    assert latest.snapshot["url"] == "https://www.nordplusonline.org/new"


def test_stale_version_is_a_conflict_not_an_overwrite(seeded: Runtime) -> None:
    edit(seeded, "first", 1, url="https://example.org/first")
    with pytest.raises(cat.Conflict) as info:
        edit(seeded, "second", 1, url="https://example.org/second")
    assert info.value.current == 2 and info.value.current_data["url"] == "https://example.org/first"
    with seeded.session() as session:
        assert cat.get_entity(session, "scheme", SCHEME).data["url"] == "https://example.org/first"


def test_unchanged_save_writes_no_revision(seeded: Runtime) -> None:
    assert edit(seeded, "x", 1).action == "unchanged"
    with seeded.session() as session:
        assert len(cat.history(session, "scheme", SCHEME)) == 1


def test_retire_restore_and_revert(seeded: Runtime) -> None:
    with seeded.session() as session:
        version_before = cat.catalog_version(session)
        cat.retire_scheme(session, SCHEME, "nordplus-adult", "coord", expected_version=1)
        session.commit()
        row = cat.get_entity(session, "scheme", SCHEME)
        assert (row.status, row.successor_id) == ("retired", "nordplus-adult")
        assert cat.catalog_version(session) == version_before + 1
        cat.restore_scheme(session, SCHEME, "coord")
        session.commit()
        assert cat.get_entity(session, "scheme", SCHEME).status == "active"
        first = cat.history(session, "scheme", SCHEME)[-1]
        edit_result = cat.save_entity(session, "scheme", dict(row.data, url="https://example.org/x"), "coord")
        session.commit()
        reverted = cat.revert_to_revision(session, first.id, "coord")
        session.commit()
        assert reverted.action == "revert" and reverted.version == edit_result.version + 1
        assert cat.get_entity(session, "scheme", SCHEME).data == first.snapshot
        actions = [r.action for r in cat.history(session, "scheme", SCHEME)]
    assert actions == ["revert", "update", "restore", "retire", "create"]


def test_invalid_edit_is_refused_with_field_errors(seeded: Runtime) -> None:
    with seeded.session() as session:
        data = dict(cat.get_entity(session, "scheme", SCHEME).data, successor="ghost", status="retired")
        with pytest.raises(cat.ValidationFailed) as info:
            cat.save_entity(session, "scheme", data, "x", expected_version=1)
    assert [e.path for e in info.value.errors] == ["successor"]


def test_retiring_does_not_delete(seeded: Runtime) -> None:
    with seeded.session() as session:
        before = cat.count_schemes(session)
        cat.retire_scheme(session, SCHEME, "nordplus-adult", "coord")
        session.commit()
        assert cat.count_schemes(session) == before


def test_glossary_is_versioned_as_a_whole(seeded: Runtime) -> None:
    with seeded.session() as session:
        groups = cat.glossary_groups(session)
        cat.save_entity(session, "glossary", groups + [{"nb": ["testord"], "en": ["test word"]}], "coord",
                        expected_version=1)
        session.commit()
        latest = cat.history(session, "glossary")[0]
        assert latest.action == "update" and latest.version == 2
        assert str(len(groups)) in latest.changes
