"""Print extra demo logins created by the module's demo data (portal users of partners).

Run by tools/run_demo.sh after the demo database is created.
"""

import argparse
import pathlib

import odoo


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    lines = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        users = env["res.users"].search(
            [("login", "like", "b2b_demo_%"), ("share", "=", True)], order="login"
        )
        for user in users:
            lines.append(
                f"    {user.login} / {user.login}   portal user of "
                f"{user.partner_id.commercial_partner_id.name}"
            )
    out = pathlib.Path(args.config).parent / f"demo-logins-{args.database}.txt"
    out.write_text("\n".join(lines) + ("\n" if lines else ""))


if __name__ == "__main__":
    main()
