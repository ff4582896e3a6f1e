"""Creating users through the service and `plantrack create-user`: roles, units and Django's password validators."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plantrack.orgs.models import User
from plantrack.orgs.users import UserCreationError, create_user


@pytest.mark.django_db
class TestCreateUser:
    def test_it_creates_a_clerk_with_a_hashed_password(self, tree):
        user = create_user(username="wuhai_clerk", password="Desert-Lake-2026", role="clerk", unit=tree["150300"])
        assert user.unit.code == "150300" and user.role == User.Role.CLERK
        assert user.password != "Desert-Lake-2026" and user.check_password("Desert-Lake-2026")

    @pytest.mark.parametrize(
        "password, reason",
        [("short1!", "太短"), ("1234567890123", "只包含数字"), ("password1234", "太常见"), ("wuhai_clerk1", "相似")],
    )
    def test_weak_passwords_are_refused(self, tree, password, reason):
        with pytest.raises(UserCreationError, match="密码不符合要求") as exc:
            create_user(username="wuhai_clerk", password=password, role="clerk", unit=tree["150300"])
        assert reason in str(exc.value)
        assert not User.objects.exists()

    def test_a_clerk_needs_a_unit_and_a_known_role(self, tree):
        with pytest.raises(UserCreationError, match="必须属于一个组织"):
            create_user(username="x_clerk", password="Desert-Lake-2026", role="clerk", unit=None)
        with pytest.raises(UserCreationError, match="角色 “boss” 不存在"):
            create_user(username="x_clerk", password="Desert-Lake-2026", role="boss", unit=tree["150300"])

    def test_a_taken_username_is_refused(self, tree):
        create_user(username="wuhai_clerk", password="Desert-Lake-2026", role="clerk", unit=tree["150300"])
        with pytest.raises(UserCreationError, match="已存在"):
            create_user(username="wuhai_clerk", password="Desert-Lake-2027", role="clerk", unit=tree["150300"])


@pytest.mark.django_db
class TestCreateUserCommand:
    def test_it_creates_a_reviewer_in_a_unit(self, tree):
        out = StringIO()
        call_command(
            "create_user", "chifeng_rev", role="reviewer", unit="150400", password="Hongshan-Check-26", stdout=out
        )
        assert out.getvalue().strip() == "created chifeng_rev: 审核人 in 赤峰市 (150400)"
        assert User.objects.get(username="chifeng_rev").check_password("Hongshan-Check-26")

    def test_a_weak_password_or_unknown_unit_fails_and_creates_nobody(self, tree):
        with pytest.raises(CommandError, match="密码不符合要求"):
            call_command("create_user", "chifeng_rev", role="reviewer", unit="150400", password="12345")
        with pytest.raises(CommandError, match="unit 159900: no such org unit"):
            call_command("create_user", "chifeng_rev", role="reviewer", unit="159900", password="Hongshan-Check-26")
        assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)  # the command line closes the connections when it ends
class TestCreateUserWithAnInvalidName:
    """`plantrack create-user` with a name Django's validators refuse prints one line and exits 1, no traceback."""

    @pytest.mark.parametrize(
        "name, words",
        [("bad name", "请输入合法的用户名"), ("x" * 200, "不超过 150 字符"),
         ("ab\x01c", "第3个字符是控制字符\\x01"), ("nul\x00", "第4个字符是控制字符\\x00")],
    )
    def test_it_is_one_line_and_nothing_is_created(self, tree, capsys, monkeypatch, name, words):
        from django.utils import translation

        from plantrack.cli import main

        monkeypatch.setenv("PLANTRACK_PASSWORD", "Desert-Lake-2026")
        with translation.override("zh-hans"):
            assert main(["create-user", name, "--role", "clerk", "--unit", "150300"]) == 1
        err = capsys.readouterr().err.strip()
        assert words in err and "Traceback" not in err and len(err.splitlines()) == 1
        assert not User.objects.exists()
