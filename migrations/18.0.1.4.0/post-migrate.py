# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.4.0: shared threads and tasks carry their token from the moment
they are shared; the digest builds its links in one call per email and the
unread-chat email lists the newest messages of each conversation only (its
subject counts them all).

The templates are ``noupdate`` (an administrator may have edited them): their
bodies are changed in place, in every language, only where they still hold the
text shipped with 18.0.1.3.0; an edited body keeps working as it is.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

DIV = (
    '<div style="font-family: Arial, Helvetica, sans-serif; font-size: 14px;'
    ' color: #333333;">\n'
)
DIGEST = (
    [
        (
            DIV,
            DIV + '    <t t-set="digest_urls" t-value="object._b2b_digest_urls()"/>\n',
        ),
    ]
    + [
        (
            f"{name}._b2b_recipient_url(object.b2b_reminder_recipient_id)",
            f"digest_urls[{name}]",
        )
        for name in ("task", "contact_request", "thread")
    ]
    + [
        (
            't-field="object.b2b_reminder_frequency"',
            't-out="object._b2b_reminder_frequency_label()"',
        ),
    ]
)
MESSAGES = """        <div t-foreach="conversation['messages']" """
UNREAD_CHAT = [
    (
        MESSAGES,
        """        <p t-if="conversation['more']" style="font-size: 12px;"""
        """ color: #888888; margin: 0 0 6px 0;" t-out="conversation['more']"/>\n"""
        + MESSAGES,
    ),
]

UNREAD_CHAT_SUBJECT = [
    ("len(object.b2b_unread_chat_message_ids)", "object.b2b_unread_chat_count"),
]


def migrate(cr, version):
    # shared threads and tasks now get their token when shared
    for table in ("b2b_thread", "b2b_task"):
        cr.execute(
            SQL(
                "UPDATE %s SET access_token = gen_random_uuid()::varchar"
                " WHERE is_shared AND access_token IS NULL",
                SQL.identifier(table),
            )
        )
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, replacements in (
        ("b2b_communication.mail_template_b2b_reminder_digest", DIGEST),
        ("b2b_communication.mail_template_b2b_unread_chat", UNREAD_CHAT),
    ):
        template = env.ref(xmlid, raise_if_not_found=False)
        if template:
            template._b2b_replace_in_body(replacements)
    template = env.ref(
        "b2b_communication.mail_template_b2b_unread_chat", raise_if_not_found=False
    )
    if template:
        # the email lists the newest messages only: the count comes from the
        # number of unread messages, not from the list
        template._b2b_replace_in_body(UNREAD_CHAT_SUBJECT, field_name="subject")
