# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.6.0: the emails say their language (``lang``), their small print is
dark enough to read (#595959 on white, 7:1), and they read as a person writes:
a paragraph after "Hello …," starts with a capital, and the digest says how often
it comes in a sentence of its own ("every day", "once a week") instead of the
capitalised frequency label in the middle of a sentence ("обобщение Ежедневно.").

The digest's subject, sender and language print fields of the partner instead
of Python expressions (``{{ object.b2b_digest_request_count }}`` for
``{{ len(object.b2b_digest_task_ids) + ... }}``): Odoo renders plain field paths
without evaluating an expression per email. Each field gives what the expression
it replaces gave, so each expression is replaced wherever it is found once, also
in a subject or sender an administrator reworded around it.

Chats and groups keep only who may be there (issue 32): the members the
connection rule no longer allows (a guest who came in through an invitation
link, a person whose user was archived or whose company is no longer connected)
leave them, as the hourly sweep does from now on. The partner company each
member joined with (``b2b_partner_company_id``, a new stored field) is computed
by Odoo for the existing members from their company today.

The templates are ``noupdate`` (an administrator may have edited them): their
bodies are changed in place, in every language, only where they still hold the
text shipped with 18.0.1.5.0 (see ``mail.template._b2b_replace_in_body``); an
edited body keeps working as it is. The wording is changed language by language
(English, Bulgarian, German: the translations shipped with the module).
"""

from odoo import SUPERUSER_ID, api

DIV = (
    '<div style="font-family: Arial, Helvetica, sans-serif; font-size: 14px;'
    ' color: #333333;">'
)


def _div_with_lang(expression):
    return f"<div t-att-lang=\"({expression} or 'en_US').replace('_', '-')\"" + DIV[4:]


GREY, DARK_GREY = "color: #888888;", "color: #595959;"
SMALL_PRINT = '<p style="font-size: 12px; color: #595959;">'
NO_ACCOUNT = "not object.recipient_id.user_ids"


def _grey(*contexts):
    """#888888 -> #595959 in ``contexts`` (each unique in a body)."""
    return [(context, context.replace(GREY, DARK_GREY)) for context in contexts]


FREQUENCY_SPAN = ' <span t-out="object._b2b_reminder_frequency_label()">daily</span>.'


def _frequency(old_start, weekly, daily):
    """The digest's frequency sentence, in one language."""
    return (
        f"{old_start}{FREQUENCY_SPAN}",
        (
            f"<t t-if=\"object.b2b_reminder_frequency == 'weekly'\">{weekly}</t>\n"
            f'        <t t-else="">{daily}</t>'
        ),
    )


DIGEST_WAITING = (
    " <t t-out=\"user.company_id.name or ''\">YourCompany</t> {middle}\n"
    "        <strong t-out=\"object.name or ''\">Stahlwerk Becker GmbH</strong>{end}"
)

# (template, [replacements applied to every language],
#  [[replacements of one language], ...])
TEMPLATES = [
    (
        "b2b_communication.mail_template_b2b_contact_request",
        [
            (DIV, _div_with_lang("object.recipient_id.lang or object.partner_id.lang")),
            *_grey('<p style="font-size: 12px; color: #888888;">'),
        ],
        [
            # "No account is needed: the link above opens the form." only for a
            # recipient without an account (the others get the login link)
            [(SMALL_PRINT, SMALL_PRINT.replace("<p ", f'<p t-if="{NO_ACCOUNT}" '))],
        ],
    ),
    (
        "b2b_communication.mail_template_b2b_reminder_digest",
        [
            (
                DIV,
                _div_with_lang("object.b2b_reminder_recipient_id.lang or object.lang"),
            ),
            *_grey(
                '<p style="font-size: 12px; color: #888888; margin-top: 24px;">',
                '_b2b_reminder_preferences_url()" style="color: #888888;"',
                '_b2b_reminder_pause_url()" style="color: #888888;"',
            ),
        ],
        [
            [
                ("        here is what <t", "        Here is what <t"),
                _frequency(
                    "You receive this digest",
                    "You receive this digest once a week.",
                    "You receive this digest every day.",
                ),
            ],
            [
                ("        ето какво <t", "        Ето какво <t"),
                _frequency(
                    "Получавате това обобщение",
                    "Получавате това обобщение веднъж седмично.",
                    "Получавате това обобщение всеки ден.",
                ),
            ],
            [
                (
                    "        hier ist, was"
                    + DIGEST_WAITING.format(middle="noch erwartet von", end="."),
                    "        Hier sehen Sie, was"
                    + DIGEST_WAITING.format(middle="von", end=" noch erwartet."),
                ),
                _frequency(
                    "Sie erhalten diese Übersicht",
                    "Sie erhalten diese Übersicht einmal pro Woche.",
                    "Sie erhalten diese Übersicht jeden Tag.",
                ),
            ],
        ],
    ),
    (
        "b2b_communication.mail_template_b2b_unread_chat",
        [
            (DIV, _div_with_lang("object.lang")),
            *_grey(
                "color: #888888; margin: 0 0 6px 0;",
                '<div style="font-size: 12px; color: #888888;">',
                '<p style="font-size: 12px; color: #888888; margin-top: 24px;">',
            ),
        ],
        [
            [("<p>these messages are waiting", "<p>These messages are waiting")],
            [("<p>тези съобщения", "<p>Тези съобщения")],
            [("<p>diese Nachrichten", "<p>Diese Nachrichten")],
        ],
    ),
]


# (field, expression of 18.0.1.5.0, the partner's field giving the same value)
DIGEST_PLACEHOLDERS = [
    (
        "subject",
        "{{ user.company_id.name }}",
        "{{ object.b2b_reminder_sender_company }}",
    ),
    (
        "subject",
        (
            "{{ len(object.b2b_digest_task_ids) + len(object.b2b_digest_thread_ids)"
            " + len(object.b2b_digest_contact_request_ids) }}"
        ),
        "{{ object.b2b_digest_request_count }}",
    ),
    (
        "email_from",
        "{{ user.company_id.email_formatted or user.email_formatted }}",
        "{{ object.b2b_reminder_email_from }}",
    ),
    (
        "lang",
        "{{ object.b2b_reminder_recipient_id.lang or object.lang }}",
        "{{ object.b2b_reminder_lang }}",
    ),
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["discuss.channel.member"]._b2b_remove_outsiders()
    for xmlid, everywhere, per_language in TEMPLATES:
        template = env.ref(xmlid, raise_if_not_found=False)
        if not template:
            continue
        template._b2b_replace_in_body(everywhere)
        # each language's wording: only the bodies holding that wording change
        for replacements in per_language:
            template._b2b_replace_in_body(replacements)
    digest = env.ref(
        "b2b_communication.mail_template_b2b_reminder_digest", raise_if_not_found=False
    )
    if digest:
        for field_name, old, new in DIGEST_PLACEHOLDERS:
            digest._b2b_replace_in_body([(old, new)], field_name=field_name)
