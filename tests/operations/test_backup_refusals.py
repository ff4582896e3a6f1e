"""A damaged, altered or incomplete archive is refused with a clear message and the installation is left exactly as
it was; an installation that already holds data is not overwritten unless told; old archives are pruned."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from operations.drill_world import MONTHS, write_month
from plantrack.operations.backup import BackupError, backup_archives, make_backup, restore_backup


def _state(fresh) -> tuple[dict, dict]:
    """Everything a restore could change: the files of the data directory and the database's tables and rows."""
    files = {str(p.relative_to(fresh.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(fresh.data_dir.rglob("*")) if p.is_file()}
    return files, fresh.counts()


@pytest.fixture
def archive(live, tmp_path) -> Path:
    write_month(live, live.indicators[0], MONTHS[0], 700)
    write_month(live, live.indicators[1], MONTHS[0], 90)
    path, _manifest = make_backup(tmp_path / "backups", keep=5)
    return path


def _rewrite(archive: Path, out: Path, *, manifest_change=None, extra: tuple[str, bytes] | None = None) -> Path:
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json" and manifest_change:
                manifest = json.loads(data)
                manifest_change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            if member.name == "manifest.json" and extra:
                info = tarfile.TarInfo(extra[0])
                info.size = len(extra[1])
                dst.addfile(info, io.BytesIO(extra[1]))
            dst.addfile(member, io.BytesIO(data))
    return out


class TestDamagedArchivesAreRefused:
    def _refused(self, fresh, path: Path, expected: str) -> None:
        before = _state(fresh)
        done = fresh.plantrack("restore", str(path))
        assert done.returncode == 1
        assert expected in done.stderr, done.stderr
        assert "未恢复任何内容" in done.stderr or "已全部撤销" in done.stderr
        assert _state(fresh) == before

    def test_a_truncated_archive(self, archive, fresh, tmp_path):
        cut = tmp_path / "cut.tar"
        cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        self._refused(fresh, cut, "已损坏")

    def test_an_archive_cut_off_in_its_last_member(self, archive, fresh, tmp_path):
        with tarfile.open(archive) as tar:
            manifest = tar.getmember("manifest.json")
        cut = tmp_path / "cut.tar"
        cut.write_bytes(archive.read_bytes()[: manifest.offset_data + manifest.size // 2])
        self._refused(fresh, cut, "已损坏")

    def test_a_changed_byte_in_the_database(self, archive, fresh, tmp_path):
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.startswith("database."))
        data = bytearray(archive.read_bytes())
        data[member.offset_data + member.size // 2] ^= 0x01
        altered = tmp_path / "altered.tar"
        altered.write_bytes(bytes(data))
        self._refused(fresh, altered, "校验和与清单不符")

    def test_a_changed_evidence_file(self, archive, fresh, tmp_path):
        with tarfile.open(archive) as tar:
            member = tar.getmember("files/evidence/tasks/1/4f1c.pdf")
        data = bytearray(archive.read_bytes())
        data[member.offset_data + 100] ^= 0xFF
        altered = tmp_path / "altered.tar"
        altered.write_bytes(bytes(data))
        self._refused(fresh, altered, "files/evidence/tasks/1/4f1c.pdf 的校验和与清单不符")

    def test_a_file_slipped_in(self, archive, fresh, tmp_path):
        altered = _rewrite(archive, tmp_path / "extra.tar", extra=("files/evidence/tasks/9/x.pdf", b"%PDF-1.4"))
        self._refused(fresh, altered, "清单中没有的文件")

    def test_a_file_taken_out(self, archive, fresh, tmp_path):
        def drop_nothing_but_list_more(manifest):
            manifest["members"]["files/reports/9/gone.html"] = {"sha256": "0" * 64, "size": 1}

        altered = _rewrite(archive, tmp_path / "missing.tar", manifest_change=drop_nothing_but_list_more)
        self._refused(fresh, altered, "缺少1个文件")

    def test_counts_that_do_not_match_what_is_restored(self, archive, fresh, tmp_path, migrated_databases):
        # The checksums hold but the manifest promises one more value: checked after loading, and on PostgreSQL
        # inside the restore's transaction, so the migrated fresh installation keeps its (empty) tables.
        def one_more_value(manifest):
            manifest["tables"]["reporting_datavalue"] += 1

        altered = _rewrite(archive, tmp_path / "counts.tar", manifest_change=one_more_value)
        fresh.start_migrated(migrated_databases)  # a copy of a migrated database: the migrate finds nothing to do
        assert fresh.plantrack("migrate", "--noinput", "-v", "0").returncode == 0
        self._refused(fresh, altered, "reporting_datavalue")
        assert "reporting_datavalue" in fresh.tables()

    def test_a_backup_of_a_newer_release(self, archive, fresh, tmp_path):
        def from_the_future(manifest):
            manifest["migrations"].append(["orgs", "9999_from_a_later_release"])
            manifest["plantrack_version"] = "9.0.0"

        altered = _rewrite(archive, tmp_path / "newer.tar", manifest_change=from_the_future)
        self._refused(fresh, altered, "备份来自更新的版本（9.0.0）")

    def test_a_backup_of_the_other_kind_of_database(self, archive, fresh, tmp_path):
        def other_engine(manifest):
            manifest["database"]["engine"] = "sqlite" if manifest["database"]["engine"] == "postgresql" else \
                "postgresql"

        altered = _rewrite(archive, tmp_path / "other.tar", manifest_change=other_engine)
        self._refused(fresh, altered, "本安装使用")

    def test_a_file_that_is_not_a_backup(self, fresh, tmp_path):
        other = tmp_path / "notes.tar"
        with tarfile.open(other, "w") as tar:
            tar.add(__file__, arcname="notes.txt")
        self._refused(fresh, other, "缺少清单")
        text = tmp_path / "notes.txt"
        text.write_text("not an archive")
        self._refused(fresh, text, "已损坏")


class TestOnlyIntoAnEmptyInstallation:
    def test_an_installation_with_data_is_refused_unless_replace_is_given(self, archive, fresh, live):
        assert fresh.plantrack("restore", str(archive)).returncode == 0
        before = _state(fresh)
        again = fresh.plantrack("restore", str(archive))
        assert again.returncode == 1 and "--replace" in again.stderr
        assert _state(fresh) == before
        replaced = fresh.plantrack("restore", "--replace", str(archive))
        assert replaced.returncode == 0, replaced.stderr
        assert _state(fresh)[1] == before[1]

    def test_this_installation_is_not_overwritten(self, archive, live):
        from plantrack.reporting.models import DataValue

        count = DataValue.objects.count()
        with pytest.raises(BackupError, match="--replace"):
            restore_backup(archive)
        assert DataValue.objects.count() == count


class TestRetention:
    def test_only_the_newest_archives_are_kept(self, live, tmp_path):
        folder = tmp_path / "backups"
        (folder).mkdir()
        (folder / "notes.txt").write_text("not ours")
        for _ in range(3):
            call_command("backup", dir=folder, keep=2)
        archives = backup_archives(folder)
        assert len(archives) == 2
        assert (folder / "notes.txt").exists()
        make_backup(folder, keep=1)
        assert len(backup_archives(folder)) == 1

    def test_out_and_keep_are_not_mixed(self, live, tmp_path):
        with pytest.raises(CommandError, match="--keep"):
            call_command("backup", out=tmp_path / "a.tar", keep=2)
        with pytest.raises(CommandError, match="至少要保留1份"):
            call_command("backup", dir=tmp_path, keep=0)
