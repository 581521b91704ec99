# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.reminder_digest.res_company import REMINDER_FREQUENCIES
from ..models.reminder_digest.res_partner import WEEKDAYS


class B2bReminderPortal(CustomerPortal):
    """Partner users choose how often they get the digest of open requests."""

    def _b2b_reminder_values(self, company, **extra):
        values = self._prepare_portal_layout_values()
        # sudo: partner users cannot read their colleagues' contacts; only the
        # names and emails of the visitor's own company are offered
        colleagues = (
            request.env["res.partner"]
            .sudo()
            .search(
                [("id", "child_of", company.id), ("email", "!=", False)], order="name"
            )
        )
        values.update(
            {
                "page_name": "b2b_reminders",
                "b2b_company": company,
                "frequencies": REMINDER_FREQUENCIES,
                "weekdays": WEEKDAYS,
                "colleagues": colleagues,
                **extra,
            }
        )
        return values

    @http.route("/my/b2b/reminders", type="http", auth="user", website=True)
    def portal_b2b_reminders(self, **post):
        # sudo: a partner user manages its own company's reminder settings only
        company = request.env.user.partner_id.commercial_partner_id.sudo()
        if request.env.user._is_internal():
            raise NotFound()
        if request.httprequest.method != "POST":
            return request.render(
                "b2b_communication.portal_b2b_reminders",
                self._b2b_reminder_values(company, saved=False),
            )
        values, errors = self._b2b_reminder_parse(company, post)
        if errors:
            return request.render(
                "b2b_communication.portal_b2b_reminders",
                self._b2b_reminder_values(company, errors=errors),
                status=400,
            )
        company.write(values)
        return request.render(
            "b2b_communication.portal_b2b_reminders",
            self._b2b_reminder_values(company, saved=True),
        )

    def _b2b_reminder_parse(self, company, post):
        errors = []
        frequency = post.get("frequency")
        weekday = post.get("weekday") or "0"
        if frequency not in dict(REMINDER_FREQUENCIES):
            errors.append(_("Please choose how often you want the reminders."))
        if weekday not in dict(WEEKDAYS):
            errors.append(_("Please choose a day of the week."))
        contact = request.env["res.partner"]
        contact_id = post.get("contact_id")
        if contact_id:
            if not str(contact_id).isdigit():
                errors.append(_("Please choose a person of contact from the list."))
            else:
                # sudo: the id is only accepted among the contacts of the
                # visitor's own company (domain below)
                contact = (
                    request.env["res.partner"]
                    .sudo()
                    .search(
                        [
                            ("id", "=", int(contact_id)),
                            ("id", "child_of", company.id),
                            ("email", "!=", False),
                        ]
                    )
                )
                if not contact:
                    errors.append(_("Please choose a person of contact from the list."))
        values = {
            "b2b_reminder_frequency": frequency,
            "b2b_reminder_weekday": weekday,
            "b2b_reminder_contact_id": contact.id or False,
        }
        return values, errors

    def _b2b_reminder_partner(self, partner_id, token):
        """The partner whose digest link this is; 403 for a forged or foreign token."""
        # sudo: the signed token proves the link came from this partner's digest
        partner = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner or not consteq(partner._b2b_reminder_pause_token(), token or ""):
            raise Forbidden(_("This link is not valid."))
        return partner

    @http.route(
        "/b2b/reminders/pause/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
    )
    def portal_b2b_reminders_pause(self, partner_id, token, **kw):
        """GET shows a page with a button, only its POST pauses: mail scanners open
        every link of an email. No CSRF token: the visitor of an emailed link has
        no session; the HMAC token in the URL is the proof, as in Odoo's digest."""
        partner = self._b2b_reminder_partner(partner_id, token)
        if request.env.user._is_public():
            # the page in the language of the digest it came from
            request.env["ir.http"]._b2b_use_lang(
                (partner.b2b_reminder_contact_id or partner).lang
            )
            partner = partner.with_context(lang=request.env.lang)
        paused = request.httprequest.method == "POST"
        if paused:
            partner._b2b_reminder_pause()
        return request.render(
            "b2b_communication.portal_b2b_reminders_paused",
            {
                "b2b_company": partner,
                "paused": paused or partner.b2b_reminder_frequency == "never",
            },
        )

    @http.route(
        "/b2b/reminders/unsubscribe/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
    )
    def portal_b2b_reminders_unsubscribe(self, partner_id, token, **kw):
        """RFC 8058 one-click unsubscribe (List-Unsubscribe-Post): the mail client
        POSTs without a session; pause the digests and answer 200, nothing else."""
        self._b2b_reminder_partner(partner_id, token)._b2b_reminder_pause()
        return request.make_response("", status=200)
