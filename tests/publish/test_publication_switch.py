"""One switch: a publication is a complete folder made live by one rename, so a kill -9 at
any step of publishing leaves the old or the new publication whole; the next publish
succeeds and removes what the kill left. A rollback pins what it restored until new input
arrives, restores only publications that were live, and withdrawn ones do not count
against those kept."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pcp_warehouse.publish import current_publication, history, publish, rollback, write_history_entry
from pcp_warehouse.settings import Settings
from tests.publish.conftest import FRESH_DOCUMENT, Pcp, copy_home

pytestmark = pytest.mark.slow

KILL_PUBLISH = Path(__file__).parent / "kill_publish.py"
STABLE = ("marts.duckdb", "parquet", "publication.json")


def publish_killed_at(home: Path, run_id: str, step: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KILL_PUBLISH), str(home), run_id, str(step)], capture_output=True, text=True, timeout=120
    )


def whole_publication(home: Path) -> str:
    """The live publication's run id, after checking that every stable path leads into the
    same complete history entry and that the marts and Parquet hold what its manifest says."""
    published = home / "published"
    entry = (published / "current").resolve()
    assert entry.parent == (published / "history").resolve()
    for name in STABLE:
        assert (published / name).resolve() == entry / name, name
    manifest = json.loads((published / "publication.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == entry.name
    with duckdb.connect(str(published / "marts.duckdb"), read_only=True) as connection:
        names = [row[0] for row in connection.execute("select table_name from information_schema.tables").fetchall()]
        in_marts = {name: connection.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}
    with duckdb.connect() as connection:
        in_parquet = {
            path.stem: connection.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            for path in (published / "parquet").glob("*.parquet")
        }
    assert in_marts == manifest["tables"] == in_parquet
    return entry.name


def debris(home: Path) -> list[str]:
    """What a crash may leave: partial entries, temporary files and links, entries written
    but never made live."""
    published = home / "published"
    live = (published / "current").resolve()
    left = [path.name for path in published.glob(".*")]
    left += [path.name for path in (published / "history").glob(".*")]
    left += [
        path.name
        for path in (published / "history").iterdir()
        if path.is_dir() and path != live and not path.name.endswith(".withdrawn") and not (path / ".live").exists()
    ]
    return left


def test_a_kill_at_any_step_of_publishing_leaves_the_old_or_the_new_publication_whole(own_home: Path, tmp_path: Path):
    old = whole_publication(own_home)
    new, next_one = "29991231T000000Z-new", "29991231T000001Z-next"
    counted = publish_killed_at(copy_home(own_home, tmp_path / "counted"), new, 0)
    assert counted.returncode == 0, counted.stderr
    steps = json.loads(counted.stdout.splitlines()[-1])["steps"]
    # about 25 steps spread over writing the entry (the dashboard's pages among them), and
    # every step from the switch on
    points = sorted({*range(1, steps, max(2, steps // 25)), *range(max(1, steps - 15), steps + 1)})
    assert len(points) >= 30
    seen = set()

    for step in points:
        home = copy_home(own_home, tmp_path / f"killed-at-{step}")
        killed = publish_killed_at(home, new, step)

        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        state = whole_publication(home)
        assert state in {old, new}, step
        seen.add(state)
        again = publish_killed_at(home, next_one, 0)
        assert again.returncode == 0, (step, again.stderr)
        assert whole_publication(home) == next_one
        assert debris(home) == [], step

    assert seen == {old, new}  # the kills fell on both sides of the switch


def test_a_refresh_after_a_crash_removes_what_it_left_and_publishes(own_home: Path, pcp: Pcp):
    killed = publish_killed_at(own_home, "29991231T000000Z-killed", 12)
    assert killed.returncode == -signal.SIGKILL
    (own_home / "published" / ".current.4242.tmp").symlink_to("history/nowhere")
    assert debris(own_home)

    result = pcp("refresh", "--home", str(own_home))

    assert result.returncode == 0, result.output
    assert debris(own_home) == []
    assert whole_publication(own_home) == current_publication(Settings.from_env(home=own_home)).run_id


def test_a_rollback_holds_until_new_input_arrives(own_home: Path, pcp: Pcp):
    settings = Settings.from_env(home=own_home)
    first = current_publication(settings)
    assert first is not None
    second = publish(settings, "29991231T235959Z-second")
    assert pcp("publish", "--rollback", "--home", str(own_home)).returncode == 0
    assert whole_publication(own_home) == first.run_id

    kept = pcp("refresh", "--home", str(own_home))

    assert kept.returncode == 0, kept.output
    assert whole_publication(own_home) == first.run_id
    assert f"publication {first.run_id}, restored by a rollback" in " ".join(kept.stdout.split())
    assert (own_home / "reports" / "latest" / "index.html").read_text(encoding="utf-8").count(
        "Kept the restored publication"
    ) == 1

    (own_home / "inbox" / FRESH_DOCUMENT.name).write_bytes(FRESH_DOCUMENT.read_bytes())
    new_input = pcp("refresh", "--home", str(own_home))

    assert new_input.returncode == 0, new_input.output
    live = whole_publication(own_home)
    assert live not in {first.run_id, second.run_id}
    assert f"the rollback pin on publication {first.run_id} ended" in " ".join(new_input.stdout.split())


def test_only_a_publication_that_was_live_can_be_restored(own_home: Path):
    settings = Settings.from_env(home=own_home)
    first = current_publication(settings)
    assert first is not None
    # written, as a refresh writes it, but the switch never came (a full disk, a kill)
    never_live = write_history_entry(settings, "29991231T235958Z-never-live", "marts", "audit")
    publish(settings, "29991231T235959Z-third")

    withdrawn, restored = rollback(settings)

    assert (withdrawn.run_id, restored.run_id) == ("29991231T235959Z-third", first.run_id)
    assert not never_live.exists()  # removed as debris before the rollback chose
    assert whole_publication(own_home) == first.run_id


def test_withdrawn_publications_do_not_count_against_those_kept(own_home: Path):
    settings = dataclasses.replace(Settings.from_env(home=own_home), history_keep=2)
    first = current_publication(settings)
    assert first is not None
    publish(settings, "29991231T235950Z-a")
    rollback(settings)  # withdraws a, restores first
    publish(settings, "29991231T235951Z-b")
    rollback(settings)  # withdraws b, restores first

    publish(settings, "29991231T235952Z-c")

    assert [entry.name for entry in history(settings)] == [first.run_id, "29991231T235952Z-c"]


def test_a_failed_write_leaves_no_copy_behind(own_home: Path):
    settings = Settings.from_env(home=own_home)
    before = whole_publication(own_home)
    run_id = "29991231T235959Z-full"
    # a folder where a Parquet file must go makes DuckDB's write fail, as a full disk does
    blocked = settings.history_dir / f".{run_id}.partial" / "parquet" / "fct_figures.parquet"
    original_mkdir = Path.mkdir

    def mkdir_then_block(self: Path, *args: object, **kwargs: object) -> None:
        original_mkdir(self, *args, **kwargs)
        if self == blocked.parent and not blocked.exists():
            original_mkdir(blocked)

    Path.mkdir = mkdir_then_block  # type: ignore[method-assign]
    try:
        with pytest.raises(duckdb.Error):
            publish(settings, run_id)
    finally:
        Path.mkdir = original_mkdir  # type: ignore[method-assign]

    assert not blocked.parent.parent.exists()
    assert whole_publication(own_home) == before
    assert debris(own_home) == []
    assert os.listdir(settings.history_dir) == [entry.name for entry in history(settings)]
