"""Passwords Vietnamese officers are likely to choose are refused
(cms/passwords.py, docs/security.md)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import pytest


@pytest.mark.parametrize(
    "password",
    [
        "matkhau123456",
        "123456789",
        "matkhau",
        "abc123456",
        "MatKhau@2024!!",
        "Mật khẩu 123456",
        "anhyeuem123456",
        "Vietnam@123456",
        "nguyen19901990",
        "123abc!@#456",
        "!@#$%^&*()123",
        "quantri12345678",
    ],
)
def test_common_vietnamese_passwords_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert refused.value.messages


def test_the_refusal_is_in_vietnamese():
    with pytest.raises(ValidationError) as refused:
        validate_password("matkhau123456")
    assert any("quá phổ biến" in message for message in refused.value.messages)


@pytest.mark.parametrize(
    "password", ["cây đa giếng nước sân đình 7", "Tr4ng-Kh0ng-Nh0-Gi@"]
)
def test_a_passphrase_is_accepted(password):
    validate_password(password)
