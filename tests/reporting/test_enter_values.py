"""enter_values: every bad input names where and what and writes nothing; scope; locks; stale revisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from plantrack.orgs.models import AccessDenial
from plantrack.reporting.findings import StaleValue, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, DataValueChange
from plantrack.reporting.services import enter_values

GOOD = ("1", "150600", "2026M10", "2500.5")


@pytest.fixture(autouse=True)
def _rounds(rounds_for):
    rounds_for("2026M9", "2026M10")


def _rejected(enter, user, rows, **kw) -> ValuesRejected:
    with pytest.raises(ValuesRejected) as info:
        enter(user, rows, **kw)
    assert DataValue.objects.count() == 0, "a refused batch wrote values"
    assert DataValueChange.objects.count() == 0, "a refused batch wrote history"
    return info.value


class TestGoodEntry:
    def test_it_writes_values_and_history_in_one_go(self, world, enter):
        result = enter(world.ordos_clerk, [GOOD, ("2", "150600", "2026M10", "72.1"), ("1", "150602", "2026M10", "900")])
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        v = DataValue.objects.get(indicator=world.gdp, unit=world.ordos, period="2026M10")
        assert v.value == Decimal("2500.5") and v.state == "draft" and v.revision == 1 and v.year == 2026
        assert v.channel == Channel.FORM and v.updated_by == world.ordos_clerk
        change = v.changes.get()
        assert (change.action, change.old_value, change.new_value, change.user) == (
            "enter", None, Decimal("2500.5"), world.ordos_clerk)
        assert sorted(result.value_ids) == sorted(DataValue.objects.values_list("id", flat=True))

    def test_same_figures_again_change_nothing(self, world, enter):
        enter(world.ordos_clerk, [GOOD])
        result = enter(world.ordos_clerk, [GOOD])
        assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
        assert DataValueChange.objects.count() == 1

    def test_a_change_keeps_old_and_new_in_history(self, world, enter):
        enter(world.ordos_clerk, [GOOD])
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "2600")], channel=Channel.API)
        v = DataValue.objects.get()
        assert v.value == Decimal("2600") and v.revision == 2
        last = v.changes.order_by("id").last()
        assert (last.action, last.old_value, last.new_value, last.channel) == (
            "change", Decimal("2500.5"), Decimal("2600"), "api")

    def test_thousands_separators_in_groups_of_three_are_read(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "12,345.5")])
        assert DataValue.objects.get().value == Decimal("12345.5")

    def test_iso_month_code_is_normalised(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026-10", "1")])
        assert DataValue.objects.get().period == "2026M10"

    def test_dry_run_checks_but_writes_nothing(self, world):
        result = enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM, dry_run=True,
                              inputs=[ValueInput("1", "150600", "2026M10", "5")])
        assert result.created == 1
        assert DataValue.objects.count() == 0


class TestBadInput:
    @pytest.mark.parametrize(
        "row, field, words",
        [
            (("99", "150600", "2026M10", "1"), "indicator_code", "指标编码“99”不在本规划的指标库中"),
            (("1", "159999", "2026M10", "1"), "unit_code", "单位代码“159999”不存在"),
            (("1", "150600", "2026M10", "—"), "value", "“—”不是数字"),
            (("1", "150600", "2026M10", "12,3"), "value", "逗号不能作小数点"),
            (("1", "150600", "2026M10", "约5%"), "value", "“约5%”不是数字"),
            (("1", "150600", "2026M10", "=A1"), "value", "“=A1”是公式"),
            (("1", "150600", "2026M10", ""), "value", "数值为空"),
            (("1", "150600", "2031M1", "1"), "period", "报告期2031M1不在规划期2026–2030年内"),
            (("1", "150600", "2026Q3", "1"), "period", "为月报，报告期2026Q3不符"),
            (("1", "150600", "2026M13", "1"), "period", "月份应在 1–12 之间"),
            (("2", "150600", "2026M10", "120"), "value", "120%超出比重的取值范围0–100"),
        ],
    )
    def test_each_bad_row_names_where_and_what(self, world, enter, row, field, words):
        rows = [("5", "150600", "2026M10", "300"), row]
        exc = _rejected(enter, world.ordos_clerk, rows)
        errors = exc.errors
        assert len(errors) == 1, exc.findings
        assert errors[0].where == "第2行" and errors[0].field == field
        assert words in errors[0].message, errors[0].message
        assert "第2行" in str(exc)

    def test_duplicate_row_names_the_first_one(self, world, enter):
        exc = _rejected(enter, world.ordos_clerk, [GOOD, ("2", "150600", "2026M10", "70"), GOOD])
        assert exc.errors[0].where == "第3行"
        assert "与第1行重复" in exc.errors[0].message

    def test_measure_unit_mismatch_is_refused(self, world):
        with pytest.raises(ValuesRejected) as info:
            enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM, inputs=[
                ValueInput("1", "150600", "2026M10", "25005000", measure_unit="万元", where="第1行")])
        assert "计量单位“万元”与指标“地区生产总值”的计量单位“亿元”不符" in info.value.errors[0].message
        assert DataValue.objects.count() == 0

    def test_a_number_in_the_measure_unit_column_is_refused_as_a_unit(self, world):
        # A spreadsheet cell holding 5 reaches the checks as an int, not text: refused like any wrong unit.
        with pytest.raises(ValuesRejected) as info:
            enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM, inputs=[
                ValueInput("1", "150600", "2026M10", "2500", measure_unit=5, where="第1行")])
        assert "计量单位“5”与指标“地区生产总值”的计量单位“亿元”不符" in info.value.errors[0].message
        assert DataValue.objects.count() == 0

    def test_matching_measure_unit_is_fine(self, world):
        enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM,
                     inputs=[ValueInput("2", "150600", "2026M10", "70", measure_unit="％")])
        assert DataValue.objects.count() == 1

    def test_every_finding_is_reported_not_only_the_first(self, world, enter):
        exc = _rejected(enter, world.ordos_clerk, [("99", "150600", "2026M10", "1"), ("1", "150600", "2026M9", "x")])
        assert [f.where for f in exc.errors] == ["第1行", "第2行"]

    def test_one_bad_row_among_thousands_writes_nothing(self, world, enter):
        rows = [("1", "150600", f"20{26 + i // 12}M{i % 12 + 1}", str(1000 + i)) for i in range(48)]
        rows.append(("2", "150600", "2026M1", "约5%"))
        exc = _rejected(enter, world.ordos_clerk, rows)
        assert [f.where for f in exc.findings] == ["第49行"]


class TestScope:
    def test_a_clerk_of_ordos_cannot_enter_for_baotou(self, world, enter):
        with pytest.raises(PermissionDenied):
            enter(world.ordos_clerk, [GOOD, ("1", "150200", "2026M10", "3000")])
        assert DataValue.objects.count() == 0
        denial = AccessDenial.objects.get()
        assert denial.user == world.ordos_clerk and denial.unit == world.baotou
        assert denial.action == "enter values"

    def test_a_clerk_may_enter_for_units_below_their_own(self, world, enter):
        enter(world.ordos_clerk, [("1", "150602", "2026M10", "800")])
        assert DataValue.objects.get().unit == world.dongsheng

    def test_a_supervisor_cannot_enter_anything(self, world, enter):
        with pytest.raises(PermissionDenied):
            enter(world.supervisor, [GOOD])
        assert AccessDenial.objects.filter(user=world.supervisor).count() == 1


class TestLocksAndRevisions:
    def _approved(self, world, enter):
        from plantrack.reporting.services import approve_values

        result = enter(world.ordos_clerk, [GOOD], submit=True)
        approve_values(user=world.ordos_reviewer, value_ids=result.value_ids)
        return DataValue.objects.get()

    def test_an_approved_value_is_locked(self, world, enter):
        self._approved(world, enter)
        with pytest.raises(ValuesRejected) as info:
            enter(world.ordos_clerk, [("1", "150600", "2026M10", "2700")])
        assert "已审核锁定（审定值2500.5）" in info.value.errors[0].message
        assert DataValue.objects.get().value == Decimal("2500.5")

    def test_resending_an_approved_figure_unchanged_is_fine(self, world, enter):
        self._approved(world, enter)
        assert enter(world.ordos_clerk, [GOOD]).unchanged == 1

    def test_expected_revision_mismatch_is_stale(self, world):
        enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM,
                     inputs=[ValueInput("1", "150600", "2026M10", "1", expected_revision=0)])
        with pytest.raises(StaleValue):
            enter_values(user=world.admin, plan=world.plan, channel=Channel.FORM,
                         inputs=[ValueInput("1", "150600", "2026M10", "2", expected_revision=0)])
        assert DataValue.objects.get().value == Decimal("1")

    def test_matching_revision_writes(self, world):
        enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM,
                     inputs=[ValueInput("1", "150600", "2026M10", "1", expected_revision=0)])
        enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM,
                     inputs=[ValueInput("1", "150600", "2026M10", "1.5", expected_revision=1)])
        assert DataValue.objects.get().revision == 2


class TestHistoryOfNewValues:
    def test_each_new_value_gets_one_enter_row_also_after_earlier_values(self, world, enter):
        enter(world.ordos_clerk, [("5", "150600", "2026M9", "10")])
        result = enter(world.ordos_clerk, [("1", "150600", "2026M10", "7"), ("2", "150600", "2026M10", "70")])
        assert result.created == 2 and len(result.value_ids) == 2
        assert set(result.value_ids) == set(DataValue.objects.filter(period="2026M10").values_list("id", flat=True))
        for v in DataValue.objects.all():
            assert list(v.changes.values_list("action", "new_value", "user")) == [("enter", v.value,
                                                                                   world.ordos_clerk.id)]


_COPY_COLUMNS = ("indicator_id", "unit_id", "year", "value", "state", "comment", "explanation", "return_reason",
                 "source", "channel", "round_id", "revision", "updated_by_id", "updated_at")


def _another_writer_interleaves(period: str, copy_to: str) -> None:
    """A database trigger that, for every value written for `period`, writes another row (for `copy_to`) as
    another writer would: its ids fall among ours (SQLite runs row triggers between the rows of one INSERT) or right
    after them (PostgreSQL runs them at the statement's end)."""
    columns = ", ".join(_COPY_COLUMNS)
    new = ", ".join(f"NEW.{c}" for c in _COPY_COLUMNS)
    insert = (f"INSERT INTO {DataValue._meta.db_table} ({columns}, period) "
              f"VALUES ({new}, '{copy_to}')")
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(f"CREATE TEMP TRIGGER another_writer AFTER INSERT ON {DataValue._meta.db_table} "
                        f"FOR EACH ROW WHEN NEW.period = '{period}' BEGIN {insert}; END")
        else:
            cur.execute(f"CREATE FUNCTION another_writer() RETURNS trigger AS $$ BEGIN "
                        f"IF NEW.period = '{period}' THEN {insert}; END IF; RETURN NULL; END $$ LANGUAGE plpgsql")
            cur.execute(f"CREATE TRIGGER another_writer AFTER INSERT ON {DataValue._meta.db_table} "
                        f"FOR EACH ROW EXECUTE FUNCTION another_writer()")


class TestHistoryWhenAnotherWriterInterleaves:
    def test_when_another_writer_s_rows_fall_among_ours_history_is_still_ours_alone(self, world, enter):
        enter(world.ordos_clerk, [("5", "150600", "2026M9", "10")])
        _another_writer_interleaves("2026M10", copy_to="2026M12")
        result = enter(world.ordos_clerk, [("1", "150600", "2026M10", "7"), ("2", "150600", "2026M10", "70")])
        ours = DataValue.objects.filter(period="2026M10")
        assert result.created == 2 and sorted(result.value_ids) == sorted(ours.values_list("id", flat=True))
        for v in ours:
            assert list(v.changes.values_list("action", "new_value")) == [("enter", v.value)]
        others = DataValue.objects.filter(period="2026M12")
        assert others.count() == 2 and not DataValueChange.objects.filter(data_value__in=others).exists()
