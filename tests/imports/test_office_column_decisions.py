"""An office's column decisions are saved once and read back for that office and that kind of sheet only; what may
not be saved (an unknown choice, a header with control characters or too long) is refused, naming the column, and
nothing is saved."""

from __future__ import annotations

import pytest

from plantrack.imports.models import ImportColumnChoice
from plantrack.imports.services import (
    ColumnChoicesRefused,
    choice_label,
    save_choices,
    saved_choices,
    usable_choices,
)
from plantrack.orgs.models import User


def test_saved_choices_come_back_for_the_same_office_and_sheet_only(people):
    saved = save_choices(user=people.ordos_clerk, sheet="values",
                         choices={"备注说明": "ignore", "说明": "field:comment"})
    assert saved == 2
    assert saved_choices(people.ordos_clerk.unit, "values") == {"备注说明": "ignore", "说明": "field:comment"}
    assert saved_choices(people.ordos_clerk.unit, "ledger") == {}
    assert saved_choices(people.baotou_clerk.unit, "values") == {}
    assert saved_choices(None, "values") == {}
    row = ImportColumnChoice.objects.get(header="说明")
    assert (row.choice, row.field, row.saved_by, row.saved_at is not None) == ("field", "comment",
                                                                               people.ordos_clerk, True)


def test_saving_again_replaces_the_office_decision_for_that_header(people):
    save_choices(user=people.ordos_clerk, sheet="division_of_work", choices={"督办层级": "keep"})
    save_choices(user=people.ordos_reviewer, sheet="division_of_work", choices={"督办层级": "ignore"})
    assert saved_choices(people.ordos_clerk.unit, "division_of_work") == {"督办层级": "ignore"}
    assert ImportColumnChoice.objects.get().saved_by == people.ordos_reviewer


@pytest.mark.parametrize("choices, message", [
    ({"备注\x07说明": "ignore"}, "含有不允许的控制字符 \\x07（第3个字符）"),
    ({"长" * 101: "keep"}, "不能超过100字（现有101字）"),
    ({" ": "keep"}, "列名不能为空"),
    ({"说明": "drop"}, "列“说明”：处理方式“drop”无法记住"),
    ({"说明": "field"}, "列“说明”：处理方式“field”无法记住"),
    ({"说明": "field:colour"}, "列“说明”：没有字段“colour”"),
])
def test_what_may_not_be_saved_is_refused_and_nothing_is_saved(people, choices, message):
    with pytest.raises(ColumnChoicesRefused) as refused:
        save_choices(user=people.ordos_clerk, sheet="values", choices={"好列": "ignore", **choices},
                     fields={"comment"})
    assert message in str(refused.value)
    assert not ImportColumnChoice.objects.exists()


def test_a_choice_the_import_does_not_take_is_refused(people):
    with pytest.raises(ColumnChoicesRefused, match="处理方式“keep”无法记住"):
        save_choices(user=people.ordos_clerk, sheet="values", choices={"说明": "keep"}, kinds=("ignore", "field"))
    with pytest.raises(ValueError, match="unknown import sheet"):
        save_choices(user=people.ordos_clerk, sheet="invoices", choices={"说明": "ignore"})


def test_a_user_without_an_office_saves_nothing(people, tree):
    orphan = User.objects.create(username="no_unit", role=User.Role.ADMIN, unit=None)
    assert save_choices(user=orphan, sheet="ledger", choices={"调度层级": "keep"}) == 0
    assert not ImportColumnChoice.objects.exists()


def test_saved_choices_that_no_longer_fit_are_set_apart():
    usable, stale = usable_choices({"a": "keep", "b": "ignore", "c": "field:comment", "d": "field:gone"},
                                   kinds=("ignore", "field"), fields={"comment"})
    assert usable == {"b": "ignore", "c": "field:comment"}
    assert stale == {"a": "keep", "d": "field:gone"}
    assert choice_label("field:comment", {"comment": "备注"}) == "对应字段：备注"
    assert choice_label("keep") == "保留为附加属性" and choice_label("ignore") == "忽略"
