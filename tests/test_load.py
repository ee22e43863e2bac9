"""The raw layer: a home made by an earlier release is brought up to date when a refresh
opens it, keeping what it holds; a file is one document however its text is saved, and is
loaded only once it has stopped changing."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from pcp_warehouse.extract import extract_file, sha256_of
from pcp_warehouse.load import discover, ensure_raw_schema, load_files
from pcp_warehouse.settings import Settings
from tests.conftest import ROOT, SAMPLE


def test_a_home_with_integer_versions_keeps_them_as_written(tmp_path: Path):
    database = tmp_path / "build.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "create schema raw; create table raw.documents (document_id varchar primary key, file_name varchar not null,"
            " source_format varchar not null, title varchar, quarter_label varchar, financial_year varchar,"
            " quarter integer, data_to date, version integer, produced date, page_count integer not null,"
            " figure_count integer not null, loaded_at timestamp not null)"
        )
        connection.execute(
            "insert into raw.documents values ('d1', 'a.txt', 'text', null, '2019/20 Q2', '2019/20', 2,"
            " date '2019-09-01', 2, null, 18, 105, timestamp '2026-01-01 00:00:00')"
        )

        ensure_raw_schema(connection)
        ensure_raw_schema(connection)  # a second refresh finds it done

        assert connection.execute("select version from raw.documents").fetchall() == [("2",)]
        (column_type,) = connection.execute(
            "select data_type from information_schema.columns where table_name = 'documents' and column_name = 'version'"
        ).fetchone()
        assert column_type == "VARCHAR"


def test_a_resave_with_other_line_ends_is_the_same_document(tmp_path: Path, reference):
    """The sample saved again with CRLF line ends and trailing spaces has other bytes but the
    same text: it is skipped as already loaded, not a second document of the quarter."""
    settings = Settings(home=tmp_path / "warehouse", inbox=tmp_path / "warehouse" / "inbox", project_dir=ROOT)
    settings.ensure_dirs()
    shutil.copyfile(SAMPLE, settings.inbox / SAMPLE.name)
    first = load_files(settings, discover(settings), reference)
    text = SAMPLE.read_text(encoding="utf-8")
    (settings.inbox / "resaved.txt").write_bytes(text.replace("\n", "  \r\n").encode("utf-8"))

    second = load_files(settings, discover(settings), reference)

    assert [name for name, _, _ in first.loaded] == [SAMPLE.name]
    assert second.loaded == []
    assert second.skipped == [("resaved.txt", f"the same text as {SAMPLE.name}, already loaded (a re-save)")]
    with duckdb.connect(str(settings.build_db), read_only=True) as connection:
        assert connection.execute("select count(*) from raw.documents").fetchone() == (1,)


def test_utf16_text_with_its_byte_order_mark_loads_like_utf8(tmp_path: Path, reference):
    settings = Settings(home=tmp_path / "warehouse", inbox=tmp_path / "warehouse" / "inbox", project_dir=ROOT)
    settings.ensure_dirs()
    (settings.inbox / "utf16.txt").write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))

    loaded = load_files(settings, discover(settings), reference)

    assert loaded.quarantined == []
    assert [(name, quarter) for name, quarter, _ in loaded.loaded] == [("utf16.txt", "2019/20 Q2")]


def test_inbox_entries_that_are_not_loaded_are_named_and_a_link_is_archived_as_bytes(tmp_path: Path, reference):
    settings = Settings(home=tmp_path / "warehouse", inbox=tmp_path / "warehouse" / "inbox", project_dir=ROOT)
    settings.ensure_dirs()
    outside = tmp_path / "outside" / SAMPLE.name
    outside.parent.mkdir()
    shutil.copyfile(SAMPLE, outside)
    (settings.inbox / "linked.txt").symlink_to(outside)
    (settings.inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (settings.inbox / ".upload.txt").write_text("half", encoding="utf-8")
    (settings.inbox / "returns").mkdir()
    (settings.inbox / "returns" / "q2.csv").write_text("measure,area\n", encoding="utf-8")

    summary = load_files(settings, discover(settings), reference)

    assert [name for name, _, _ in summary.loaded] == ["linked.txt"]
    skipped = dict(summary.skipped)
    assert set(skipped) == {"gone.txt", ".upload.txt", "returns"}
    assert "does not exist" in skipped["gone.txt"] and "hidden" in skipped[".upload.txt"]
    assert "folder" in skipped["returns"]
    archived = [p for p in settings.archive.iterdir() if p.name.endswith("linked.txt")]
    assert len(archived) == 1 and not archived[0].is_symlink()
    outside.unlink()  # the archive keeps the bytes when the link's target goes
    assert archived[0].read_bytes() == SAMPLE.read_bytes()
    assert (settings.inbox / ".upload.txt").exists() and (settings.inbox / "returns" / "q2.csv").exists()


class SlowCopy(threading.Thread):
    """Copies the sample into the inbox a chunk at a time, as a slow network copy does."""

    def __init__(self, target: Path, chunks: int, pause: float) -> None:
        super().__init__(daemon=True)
        self.data, self.target, self.chunks, self.pause = SAMPLE.read_bytes(), target, chunks, pause
        self.target.write_bytes(self.data[: len(self.data) // chunks])

    def run(self) -> None:
        size = len(self.data) // self.chunks
        for chunk in range(1, self.chunks):
            time.sleep(self.pause)
            end = len(self.data) if chunk == self.chunks - 1 else (chunk + 1) * size
            with self.target.open("ab") as handle:
                handle.write(self.data[chunk * size : end])


def _settings(tmp_path: Path, settle: float, wait: float) -> Settings:
    home = tmp_path / "warehouse"
    settings = Settings(
        home=home, inbox=home / "inbox", project_dir=ROOT, inbox_settle_seconds=settle, inbox_wait_seconds=wait
    )
    settings.ensure_dirs()
    return settings


def test_a_file_still_being_copied_in_is_waited_for_and_loaded_whole(tmp_path: Path, reference):
    settings = _settings(tmp_path, settle=0.8, wait=20)
    copy = SlowCopy(settings.inbox / SAMPLE.name, chunks=5, pause=0.3)
    copy.start()

    summary = load_files(settings, discover(settings), reference)

    copy.join()
    whole = extract_file(SAMPLE, reference, sha256_of(SAMPLE))
    assert summary.loaded == [(SAMPLE.name, "2019/20 Q2", len(whole.figures))]


def test_a_file_that_keeps_changing_is_left_in_the_inbox_with_the_reason(tmp_path: Path, reference):
    settings = _settings(tmp_path, settle=0.5, wait=1.0)
    copy = SlowCopy(settings.inbox / SAMPLE.name, chunks=12, pause=0.25)
    copy.start()

    summary = load_files(settings, discover(settings), reference)

    copy.join()
    assert summary.loaded == []
    assert [name for name, _ in summary.skipped] == [SAMPLE.name]
    assert "still being written" in summary.skipped[0][1]
    assert (settings.inbox / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()  # left, whole, for next time
    assert load_files(settings, discover(settings), reference).loaded[0][0] == SAMPLE.name


@pytest.mark.parametrize("name", ["update.txt.part", "update.txt.crdownload", "update.tmp"])
def test_a_file_named_as_an_upload_in_progress_is_left_in_the_inbox(tmp_path: Path, reference, name):
    settings = _settings(tmp_path, settle=0, wait=0)
    shutil.copyfile(SAMPLE, settings.inbox / name)

    summary = load_files(settings, discover(settings), reference)

    assert summary.loaded == [] and summary.quarantined == []
    assert summary.skipped[0][0] == name and "in progress" in summary.skipped[0][1]
