# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import models
from odoo.tools import SQL


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _b2b_stored_texts(self, field_name="body_html"):
        """The stored value of a field of this template, every language at once:
        ``{lang: text}``, or ``{None: text}`` for a field without translations."""
        self.ensure_one()
        self.flush_recordset([field_name])
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM mail_template WHERE id = %s",
                SQL.identifier(field_name),
                self.id,
            )
        )
        value = self.env.cr.fetchone()[0]
        return (value or {}) if self._fields[field_name].translate else {None: value}

    def _b2b_replace_in_body(self, replacements, field_name="body_html"):
        """Replace texts in the body (or another field) of this template, in
        every language of a translated field, where it still holds all of them
        (once each) and none of the new ones: used by upgrades to change what
        this module shipped without touching a text an administrator rewrote,
        and without changing it twice. Returns the languages changed (``None``
        standing for a field without translations)."""
        self.ensure_one()
        texts = self._b2b_stored_texts(field_name)
        changed = []
        for lang, text in texts.items():
            if (
                not text
                or any(text.count(old) != 1 for old, _new in replacements)
                # already changed (an upgrade run again)
                or any(new in text and new not in old for old, new in replacements)
            ):
                continue
            for old, new in replacements:
                text = text.replace(old, new)
            texts[lang] = text
            changed.append(lang)
        if changed:
            self._b2b_write_stored_texts(texts, field_name)
        return changed

    def _b2b_rewrite_texts(self, rewrite, field_name="body_html"):
        """Apply ``rewrite`` (text -> text) to the stored value of a field of
        this template, in every language; returns the languages changed."""
        self.ensure_one()
        texts = self._b2b_stored_texts(field_name)
        new_texts = {
            lang: rewrite(text) if text else text for lang, text in texts.items()
        }
        changed = [lang for lang in texts if new_texts[lang] != texts[lang]]
        if changed:
            self._b2b_write_stored_texts(new_texts, field_name)
        return changed

    def _b2b_write_stored_texts(self, texts, field_name):
        """Store ``texts`` (as :meth:`_b2b_stored_texts` gives them) as the
        value of a field of this template, every language at once."""
        self.ensure_one()
        translated = bool(self._fields[field_name].translate)
        self.env.cr.execute(
            SQL(
                "UPDATE mail_template SET %s = %s WHERE id = %s",
                SQL.identifier(field_name),
                SQL("%s::jsonb", json.dumps(texts)) if translated else texts[None],
                self.id,
            )
        )
        self.invalidate_recordset([field_name])
