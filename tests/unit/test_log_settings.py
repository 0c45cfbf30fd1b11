"""What a scan's log record says about how it was run: the choices, never the values."""

from __future__ import annotations

import argparse

from scanners.cli.log import settings_from_args


def test_fleet_choices_are_recorded_with_the_scan() -> None:
    args = argparse.Namespace(policy="/etc/piaudit/policy.toml", all_users=True, stores=True,
                              permissions=False, exclude=[], jobs=None, full=False)
    settings = settings_from_args(args)
    assert settings == {"policy": "/etc/piaudit/policy.toml", "all_users": True, "stores": True}


def test_unset_choices_are_left_out() -> None:
    assert settings_from_args(argparse.Namespace(policy=None, all_users=False)) == {}
