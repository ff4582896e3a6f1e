"""Warnings (预警): raised by a lagging binding indicator or a worse status, seen and acknowledged in scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from plantrack.assessment.models import Warning
from plantrack.assessment.selectors import open_warnings_for
from plantrack.assessment.services import WarningError, acknowledge_warning
from plantrack.orgs.models import AccessDenial


def lagging_urbanisation(approve) -> None:
    approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0")])


class TestRaising:
    def test_a_lagging_binding_indicator_raises_one_warning(self, world, approve):
        lagging_urbanisation(approve)
        (warning,) = Warning.objects.filter(kind=Warning.Kind.BINDING_LAGGING)
        assert (warning.indicator, warning.unit, warning.status) == (world.urban, world.region, "滞后")
        assert warning.assessment.period == "2027"
        assert warning.message.startswith(
            "约束性指标“常住人口城镇化率”（内蒙古自治区）2027年评估为“滞后”：2027年末时序进度40%"
        )
        assert warning.is_open

    def test_a_binding_indicator_moving_off_course_is_one_warning_with_what_clears_it(self, world, approve):
        lagging_urbanisation(approve)
        (warning,) = Warning.objects.all()  # one 约束性指标滞后, not a second "worse" warning
        assert (warning.kind, warning.previous_status, warning.status) == ("binding_lagging", "符合预期", "滞后")
        assert "今后3年需年均提高" in warning.message  # why, and the rate that would bring it back
        assert warning.message.endswith("评估回到“符合预期”或更好即解除。所需水平超过以往最好的一年（2026年0.3）。")

    def test_staying_off_course_is_not_news(self, world, approve):
        lagging_urbanisation(approve)
        approve([("1", "150000", "2028", "72.35")])
        assert Warning.objects.filter(kind=Warning.Kind.BINDING_LAGGING).count() == 1

    def test_an_expected_indicator_on_course_raises_nothing(self, world, approve):
        approve([("2", "150000", "2026", "5.2"), ("2", "150000", "2027", "5.0")])
        assert not Warning.objects.exists()

    def test_an_expected_indicator_getting_worse_warns_without_being_binding(self, world, approve):
        approve([("2", "150000", "2026", "5.2"), ("2", "150000", "2027", "2.0")])
        (warning,) = Warning.objects.all()
        assert (warning.kind, warning.previous_status, warning.status) == ("worsened", "超前", "滞后")
        assert "由“超前”变为“滞后”" in warning.message and warning.message.endswith("即解除。")

    def test_the_same_judgement_does_not_warn_twice(self, world, approve):
        from plantrack.assessment.services import assess_all

        lagging_urbanisation(approve)
        assess_all()
        approve([("1", "150000", "2027", "72.0001")], correction=True)
        assert Warning.objects.filter(kind=Warning.Kind.BINDING_LAGGING).count() == 1

    def test_a_correction_that_makes_the_same_year_worse_warns(self, world, approve):
        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.1")])
        assert not Warning.objects.exists()
        approve([("1", "150000", "2027", "71.6")], correction=True)
        kinds = set(Warning.objects.values_list("kind", "previous_status", "status"))
        assert kinds == {("binding_lagging", "符合预期", "严重滞后")}

    def test_a_breached_binding_bound_warns(self, world, approve):
        approve([("4", "150000", "2026", "5.8")])
        (warning,) = Warning.objects.all()
        assert (warning.kind, warning.status) == ("binding_lagging", "滞后")


class TestScope:
    def test_a_unit_sees_its_own_subtree_and_the_office_sees_all(self, world, approve):
        approve([("4", "150600", "2026", "5.9"), ("4", "150200", "2026", "5.8"), ("4", "150602", "2026", "6.0")])
        seen = {name: {w.unit.code for w in open_warnings_for(user=user)} for name, user in {
            "ordos": world.ordos_clerk, "dongsheng": world.dongsheng_clerk, "baotou": world.baotou_clerk,
            "admin": world.admin, "leader": world.leader, "supervisor": world.supervisor,
        }.items()}
        assert seen["ordos"] == {"150600", "150602"}
        assert seen["dongsheng"] == {"150602"}
        assert seen["baotou"] == {"150200"}
        assert seen["admin"] == seen["leader"] == seen["supervisor"] == {"150600", "150200", "150602"}


class TestAcknowledging:
    def test_the_responsible_unit_acknowledges_with_a_note(self, world, approve):
        approve([("4", "150600", "2026", "5.9")])
        warning = Warning.objects.get()
        acknowledge_warning(user=world.ordos_clerk, warning=warning, note="已约谈重点企业，稳岗补贴已下达")
        warning.refresh_from_db()
        assert (warning.acknowledged_by, warning.note) == (world.ordos_clerk, "已约谈重点企业，稳岗补贴已下达")
        assert not warning.is_open
        assert list(open_warnings_for(user=world.admin)) == []

    def test_a_note_is_required(self, world, approve):
        approve([("4", "150600", "2026", "5.9")])
        with pytest.raises(WarningError, match="处理说明"):
            acknowledge_warning(user=world.admin, warning=Warning.objects.get(), note="  ")
        assert Warning.objects.get().is_open

    def test_twice_is_refused(self, world, approve):
        approve([("4", "150600", "2026", "5.9")])
        warning = Warning.objects.get()
        acknowledge_warning(user=world.admin, warning=warning, note="已处理")
        with pytest.raises(WarningError, match="已被确认"):
            acknowledge_warning(user=world.ordos_clerk, warning=warning, note="再次确认")
        warning.refresh_from_db()
        assert (warning.acknowledged_by, warning.note) == (world.admin, "已处理")

    @pytest.mark.parametrize("who", ["baotou_clerk", "dongsheng_clerk", "supervisor", "leader"])
    def test_others_may_not_acknowledge(self, world, approve, who):
        approve([("4", "150600", "2026", "5.9")])
        warning = Warning.objects.get()
        with pytest.raises(PermissionDenied):
            acknowledge_warning(user=getattr(world, who), warning=warning, note="不是我的")
        assert Warning.objects.get().is_open
        assert AccessDenial.objects.filter(user=getattr(world, who), action="acknowledge warning").exists()


class TestWarningsPage:
    def login(self, client, user):
        client.force_login(user)

    def test_lists_the_open_warnings_and_acknowledges_one(self, world, approve, client):
        approve([("4", "150600", "2026", "5.9"), ("4", "150200", "2026", "5.8")])
        self.login(client, world.ordos_clerk)
        page = client.get("/assessment/warnings/").content.decode()
        assert "鄂尔多斯市" in page and "城镇调查失业率" in page and "包头市" not in page
        ordos = Warning.objects.get(unit=world.ordos)
        response = client.post(f"/assessment/warnings/{ordos.pk}/acknowledge/", {"note": "已部署稳就业措施"})
        assert response.status_code == 302
        ordos.refresh_from_db()
        assert ordos.note == "已部署稳就业措施" and not ordos.is_open
        assert "没有需要处理的预警" in client.get("/assessment/warnings/").content.decode()
        assert "已部署稳就业措施" in client.get("/assessment/warnings/?all=1").content.decode()

    def test_an_empty_note_is_told_not_saved(self, world, approve, client):
        approve([("4", "150600", "2026", "5.9")])
        self.login(client, world.ordos_clerk)
        warning = Warning.objects.get()
        response = client.post(f"/assessment/warnings/{warning.pk}/acknowledge/", {"note": ""}, follow=True)
        assert "确认预警必须填写处理说明" in response.content.decode()
        assert Warning.objects.get().is_open

    def test_a_warning_outside_the_scope_is_not_found(self, world, approve, client):
        approve([("4", "150600", "2026", "5.9")])
        self.login(client, world.baotou_clerk)
        warning = Warning.objects.get()
        assert client.post(f"/assessment/warnings/{warning.pk}/acknowledge/", {"note": "x"}).status_code == 404
        assert Warning.objects.get().is_open

    def test_a_reader_sees_but_has_no_form(self, world, approve, client):
        approve([("4", "150600", "2026", "5.9")])
        self.login(client, world.supervisor)
        page = client.get("/assessment/warnings/").content.decode()
        assert "城镇调查失业率" in page and 'name="note"' not in page

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get("/assessment/warnings/").status_code == 302


class TestStoppedReporting:
    """A unit that reported an indicator before and missed the last two passed reporting rounds is warned of."""

    def _rounds(self, world, *periods):
        from datetime import date

        from plantrack.reporting.models import ReportingRound

        for period in periods:
            ReportingRound.objects.create(plan=world.plan, period=period, title=f"{period}年报",
                                          deadline=date(int(period) + 1, 3, 31))

    def test_two_missed_rounds_raise_one_warning_saying_what_clears_it(self, world, approve, settings):
        from plantrack.assessment.services import assess_all

        settings.PLANTRACK_TODAY = "2029-05-01"
        approve([("1", "150600", "2026", "73.0"), ("1", "150200", "2026", "70.0"), ("1", "150200", "2028", "71.0")])
        self._rounds(world, "2026", "2027", "2028")
        assess_all()
        (warning,) = Warning.objects.filter(kind=Warning.Kind.STOPPED_REPORTING)
        assert (warning.indicator, warning.unit) == (world.urban, world.ordos)
        assert warning.message == (
            "鄂尔多斯市“常住人口城镇化率”已连续2个报告期（2027年、2028年）未报送，最近一次报送为2026年。"
            "补报这几期数据并提交审核即解除。"
        )
        assess_all()
        assert Warning.objects.filter(kind=Warning.Kind.STOPPED_REPORTING).count() == 1  # not twice

    def test_a_round_whose_deadline_has_not_passed_is_not_missed_yet(self, world, approve, settings):
        from plantrack.assessment.services import assess_all

        settings.PLANTRACK_TODAY = "2029-03-01"  # the 2028 round closes on 31 March 2029
        approve([("1", "150600", "2026", "73.0")])
        self._rounds(world, "2026", "2027", "2028")
        assess_all()
        assert not Warning.objects.filter(kind=Warning.Kind.STOPPED_REPORTING).exists()
