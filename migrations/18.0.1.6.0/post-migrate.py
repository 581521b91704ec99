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

Last, the digest renders on its own record, ``b2b.reminder.log`` (one row per
partner and period), instead of the partner: the template's model changes and
every ``object.<name>`` of its placeholders and body, in every language and
also in what an administrator wrote, becomes the log's field that gives the
same value (``object.b2b_digest_task_ids`` -> ``object.task_ids``) or the
partner's own (``object.name`` -> ``object.partner_id.name``); the body gets
the sections other subsystems add to the digest (before its small print,
where the body still has it). The scheduled action moves with it.
"""

import re

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


DIGEST_XMLID = "b2b_communication.mail_template_b2b_reminder_digest"
CRON_XMLID = "b2b_communication.ir_cron_b2b_send_reminders"
# what the digest read of the partner -> the log's field or method giving it
DIGEST_LOG_NAMES = {
    "b2b_reminder_recipient_id": "recipient_id",
    "b2b_digest_task_ids": "task_ids",
    "b2b_digest_contact_request_ids": "contact_request_ids",
    "b2b_digest_thread_ids": "thread_ids",
    "b2b_digest_request_count": "request_count",
    "b2b_reminder_lang": "lang",
    "b2b_reminder_sender_company": "sender_company",
    "b2b_reminder_email_from": "email_from",
    "_b2b_digest_urls": "_digest_urls",
    "_b2b_reminder_pause_url": "_pause_url",
    "_b2b_reminder_unsubscribe_url": "_unsubscribe_url",
    "_b2b_reminder_preferences_url": "_preferences_url",
    "_b2b_reminder_mail_headers": "_mail_headers",
}
# the fields of a template that hold placeholders
DIGEST_FIELDS = (
    "subject",
    "email_from",
    "email_to",
    "email_cc",
    "partner_to",
    "reply_to",
    "lang",
    "scheduled_date",
    "body_html",
)
# where a template holds expressions: inline placeholders, QWeb attributes
EXPRESSION = re.compile(r"\{\{.*?\}\}|#\{.*?\}|\st-[\w-]+=\"[^\"]*\"", re.DOTALL)
OBJECT_NAME = re.compile(r"\bobject\.([A-Za-z_]\w*)")
DIGEST_SMALL_PRINT = (
    '    <p style="font-size: 12px; color: #595959; margin-top: 24px;">'
)
DIGEST_SECTIONS = (
    '    <t t-foreach="object._digest_section_templates()"'
    ' t-as="section_template">\n'
    '        <t t-call="{{ section_template }}"/>\n'
    "    </t>\n"
)


def digest_on_log(text):
    """``text`` (a placeholder or a body of the digest) with every
    ``object.<name>`` of the partner as the log's path to the same value."""

    def on_log(match):
        name = match.group(1)
        return f"object.{DIGEST_LOG_NAMES.get(name, f'partner_id.{name}')}"

    return EXPRESSION.sub(
        lambda expression: OBJECT_NAME.sub(on_log, expression.group(0)), text
    )


def move_digest_to_log(env):
    """The digest template and its scheduled action on b2b.reminder.log (once:
    while the template is still on the partner)."""
    digest = env.ref(DIGEST_XMLID, raise_if_not_found=False)
    if not digest or digest.model != "res.partner":
        return
    for field_name in DIGEST_FIELDS:
        digest._b2b_rewrite_texts(digest_on_log, field_name=field_name)
    digest._b2b_replace_in_body(
        [(DIGEST_SMALL_PRINT, DIGEST_SECTIONS + DIGEST_SMALL_PRINT)]
    )
    log_model = env["ir.model"]._get_id("b2b.reminder.log")
    digest.model_id = log_model
    cron = env.ref(CRON_XMLID, raise_if_not_found=False)
    if cron and "._cron_b2b_send_reminders(" in (cron.code or ""):
        cron.write(
            {
                "model_id": log_model,
                "code": cron.code.replace(
                    "._cron_b2b_send_reminders(", "._cron_send_reminders("
                ),
            }
        )


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
    move_digest_to_log(env)
