"""Commands: users create, roles."""

from __future__ import annotations

import getpass
import os
import sys

from gugus.accounts.actors import system_actor


def register(subparsers) -> None:
    p = subparsers.add_parser("users", help="user accounts")
    sp = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    q = sp.add_parser("create", help="create a user (password from GUGUS_PASSWORD or a prompt)")
    q.add_argument("username")
    q.add_argument("--role", required=True)
    q.add_argument("--unit", metavar="UNIT_CODE")
    q.add_argument("--task-force", metavar="REGION_CODE|national")
    q.add_argument("--email", default="")
    q.add_argument("--superuser", action="store_true", help="also allow Django's admin")
    q.set_defaults(handler=users_create)

    q = sp.add_parser(
        "token",
        help="issue an API bearer token for an agency system (printed once); `token revoke PREFIX` revokes one",
    )
    q.add_argument("username", metavar="USERNAME|revoke")
    q.add_argument("prefix", nargs="?", help="with `revoke`: the first 8 characters after ggs_ (shown on issue)")
    q.add_argument("--name", help="what the token is for, e.g. 'SIMFONI sync'")
    q.add_argument("--expires-days", type=int, default=None, help="days until it expires (default 90)")
    q.set_defaults(handler=users_token)

    q = sp.add_parser("reset-2fa", help="remove a user's second factor (they set it up again at next sign-in)")
    q.add_argument("username")
    q.add_argument("--reason", required=True)
    q.set_defaults(handler=users_reset_second_factor)

    q = sp.add_parser("demo-code", help="the current second-factor code of a demo login (GUGUS_ENV=demo only)")
    q.add_argument("username")
    q.set_defaults(handler=users_demo_code)

    p = subparsers.add_parser("roles", help="print the role matrix (Markdown)")
    p.set_defaults(handler=roles, needs_django=False)


def users_create(args) -> int:
    from gugus.accounts.services import user_create
    from gugus.core.errors import GugusError
    from gugus.organisations.models import AgencyUnit, TaskForce

    password = os.environ.get("GUGUS_PASSWORD") or getpass.getpass("Password: ")
    unit = task_force = None
    if args.unit:
        unit = AgencyUnit.objects.filter(code=args.unit).first()
        if unit is None:
            print(f"unknown unit: {args.unit}", file=sys.stderr)
            return 1
    if args.task_force:
        lookup = {"tier": "national"} if args.task_force == "national" else {"region_id": args.task_force}
        task_force = TaskForce.objects.filter(**lookup).first()
        if task_force is None:
            print(f"no task force for {args.task_force}", file=sys.stderr)
            return 1
    try:
        user = user_create(
            actor=system_actor("command"),
            username=args.username,
            password=password,
            role=args.role,
            unit=unit,
            task_force=task_force,
            email=args.email,
        )
    except GugusError as error:
        print(f"{error.field or 'error'}: {error.message}", file=sys.stderr)
        return 1
    if args.superuser:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    print(f"created {user.username} ({user.role})")
    return 0


def users_token(args) -> int:
    from gugus.accounts.models import ApiToken, User
    from gugus.accounts.services import api_token_issue, api_token_revoke
    from gugus.core.errors import GugusError

    if args.username == "revoke":
        matches = list(ApiToken.objects.select_related("user").filter(prefix=args.prefix or ""))
        if len(matches) != 1:
            print(f"no single token starts with {args.prefix!r}", file=sys.stderr)
            return 1
        token = matches[0]
        done = api_token_revoke(actor=system_actor("command"), token=token)
        print(f"revoked {token.prefix}… ({token.name}, {token.user.username})" if done else "already revoked")
        return 0
    if not args.name:
        print("--name is required: what the token is for", file=sys.stderr)
        return 1
    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(f"unknown or inactive user: {args.username}", file=sys.stderr)
        return 1
    try:
        token = api_token_issue(
            actor=system_actor("command"), user=user, name=args.name, expires_days=args.expires_days
        )
    except GugusError as error:
        print(f"{error.field or 'error'}: {error.message}", file=sys.stderr)
        return 1
    print(token)
    return 0


def users_reset_second_factor(args) -> int:
    from gugus.accounts.models import User
    from gugus.accounts.second_factor import second_factor_reset
    from gugus.core.errors import GugusError

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"unknown user: {args.username}", file=sys.stderr)
        return 1
    try:
        removed = second_factor_reset(actor=system_actor("command"), user=user, reason=args.reason)
    except GugusError as error:
        print(f"{error.field or 'error'}: {error.message}", file=sys.stderr)
        return 1
    print(f"second factor of {user.username} reset; devices removed: {removed}")
    return 0


def users_demo_code(args) -> int:
    """Print the TOTP code a demo login's authenticator shows now; refused outside the demo."""
    from django.conf import settings
    from django_otp.oath import totp

    from gugus.accounts.demo import DEMO_USERS
    from gugus.accounts.second_factor import confirmed_totp

    if settings.GUGUS_ENV != "demo":
        print("demo-code works only on the demo (GUGUS_ENV=demo)", file=sys.stderr)
        return 2
    from gugus.accounts.models import User

    user = User.objects.filter(username=args.username).first()
    device = confirmed_totp(user) if user is not None and args.username in DEMO_USERS else None
    if device is None:
        print(f"no demo login with a second factor: {args.username}", file=sys.stderr)
        return 1
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    print(str(code).zfill(device.digits))
    return 0


def roles(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugus.settings")
    import django

    django.setup()
    from gugus.accounts.roles import role_matrix_markdown

    sys.stdout.write(role_matrix_markdown())
    return 0
