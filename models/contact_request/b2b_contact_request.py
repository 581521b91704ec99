# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize
from odoo.tools.sql import create_index

# the domain of an answered address: dot-separated labels of letters, digits and
# inner hyphens (Odoo's email_normalize alone accepts "%@%")
EMAIL_DOMAIN = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+$")


class B2bContactRequest(models.Model):
    """Ask a partner for the contact data of a role, without giving that person an
    account: the partner answers through a form (portal or signed link) and the
    answer becomes a contact of the partner company."""

    _name = "b2b.contact.request"
    _description = "B2B Contact Request"
    # the person of contact without an account answers through a link signed
    # for that very person, valid while a contact of the partner company;
    # partner users answer logged in
    _inherit = [
        "b2b.signed.link.mixin",
        "b2b.mail.screening.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    # read by our users only: a partner user holding the token would keep it
    # after leaving the company (anonymous visitors need a signed link anyway)
    access_token = fields.Char(groups="base.group_user")

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Partner Company",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        ondelete="restrict",
    )
    # our users only (as thread_id): the partner reads the role's text in `role`
    role_id = fields.Many2one(
        comodel_name="b2b.contact.role",
        string="Predefined Role",
        groups="base.group_user",
    )
    role = fields.Char(required=True, tracking=True)
    reason = fields.Text()
    date_deadline = fields.Date(string="Deadline", tracking=True)
    ask_first_name = fields.Boolean(string="First Name", default=True)
    ask_last_name = fields.Boolean(string="Last Name", default=True)
    ask_phone = fields.Boolean(string="Phone", default=True)
    ask_email = fields.Boolean(string="Email", default=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Requester",
        default=lambda self: self.env.user,
        required=True,
        domain="[('share', '=', False)]",
    )
    # our users only: the thread the request is about may be internal
    thread_id = fields.Many2one(
        comodel_name="b2b.thread",
        check_company=True,
        ondelete="set null",
        groups="base.group_user",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("done", "Answered"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner", readonly=True, ondelete="set null"
    )
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_recipient_id",
        help="The partner's person of contact while she is an active contact "
        "of it with portal access (if she had an account), else its first portal "
        "user, else its own email.",
    )

    def init(self):
        # the reminder job looks up "has this company an unanswered request?"
        create_index(
            self.env.cr,
            indexname="b2b_contact_request_sent_partner_idx",
            tablename=self._table,
            expressions=["partner_id"],
            where="state = 'sent'",
        )
        return super().init()

    @api.depends(
        "partner_id.b2b_reminder_contact_id.active",
        "partner_id.b2b_reminder_contact_id.commercial_partner_id",
        "partner_id.b2b_reminder_contact_id.user_ids.active",
    )
    def _compute_recipient_id(self):
        for request in self:
            request.recipient_id = (
                request.partner_id._b2b_reminder_recipient()
                if request.partner_id
                else False
            )

    @api.depends("role", "partner_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = (
                f"{request.role} - {request.partner_id.name}"
                if request.partner_id
                else request.role
            )

    def _compute_access_url(self):
        self._b2b_cache_access_urls("/my/b2b/contact-requests")

    def _b2b_share_partner(self):
        self.ensure_one()
        return self.partner_id

    def _b2b_is_shared(self):
        return True

    @api.onchange("role_id")
    def _onchange_role_id(self):
        if self.role_id:
            self.role = self.role_id.name

    @api.constrains("ask_first_name", "ask_last_name", "ask_phone", "ask_email")
    def _check_something_asked(self):
        for request in self:
            if not any(
                (
                    request.ask_first_name,
                    request.ask_last_name,
                    request.ask_phone,
                    request.ask_email,
                )
            ):
                raise ValidationError(self.env._("Ask for at least one piece of data."))

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_send(self):
        for request in self:
            recipient = request.recipient_id
            if not recipient:
                raise UserError(
                    self.env._(
                        "%(partner)s has no email: set a person of contact first.",
                        partner=request.partner_id.display_name,
                    )
                )
            request._portal_ensure_token()
            request.state = "sent"
            template = self.env.ref(
                "b2b_communication.mail_template_b2b_contact_request"
            )
            # sudo: the requester may not read the mail templates
            self.env["b2b.mail.batch"]._send(template.sudo(), request.ids)
            request.message_post(
                body=self.env._("Request sent to %(email)s.", email=recipient.email),
                subtype_xmlid="mail.mt_note",
            )

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_draft(self):
        self.write({"state": "draft"})

    def _b2b_recipient_urls(self, recipient):
        """The answer form of each request in the email sent to ``recipient``:
        signed for that person when without an account, behind the login
        otherwise (``b2b.signed.link.mixin``).

        A signed link answers for the partner company: it goes to the recipient
        only, in the email queued by the sending code (``action_send``, the
        digest's cron, both as superuser). A preview (template, composer,
        digest) gets the plain login link, as for the digest's signed links."""
        if not (recipient and self.env.su):
            return super()._b2b_recipient_urls(recipient.browse())
        return super()._b2b_recipient_urls(recipient)

    # ------------------------------------------------------------------
    # ANSWER
    # ------------------------------------------------------------------

    def _b2b_answer_blocker(self):
        """Why the request cannot be answered any more, or None."""
        self.ensure_one()
        if self.state == "done":
            return self.env._("This request was already answered. Thank you!")
        if self.state != "sent":
            return self.env._("This request was withdrawn.")
        if self.date_deadline and self.date_deadline < fields.Date.context_today(self):
            return self.env._(
                "This request expired on %(date)s.", date=self.date_deadline
            )
        return None

    def _b2b_validate_answer(self, post):
        """Return (values, errors) from the submitted form; nothing is written."""
        self.ensure_one()
        errors, values = [], {}
        first = (post.get("first_name") or "").strip()
        last = (post.get("last_name") or "").strip()
        email = (post.get("email") or "").strip()
        phone = (post.get("phone") or "").strip()
        if self.ask_first_name and not first:
            errors.append(self.env._("The first name is required."))
        if self.ask_last_name and not last:
            errors.append(self.env._("The last name is required."))
        if self.ask_email:
            normalized = email_normalize(email, strict=True) if email else False
            if not normalized or not EMAIL_DOMAIN.match(normalized.rpartition("@")[2]):
                errors.append(self.env._("Please enter a valid email address."))
            values["email"] = normalized
        if self.ask_phone:
            values["phone"], error = self._b2b_format_phone(phone)
            if error:
                errors.append(error)
        name = " ".join(part for part in (first, last) if part)
        if not name and not errors:
            name = self.role
        values["name"] = name
        for key in ("name",):
            if len(values[key]) > 128:
                errors.append(self.env._("The name is too long."))
        return values, errors

    def _b2b_claim_answer(self):
        """Move the request from sent to done in one statement; True when this
        transaction won it.

        Two answers posted at the same moment both pass the form checks; only one
        may create the contact. ``FOR UPDATE SKIP LOCKED`` lets the second
        transaction see at once that the request is being answered, instead of
        waiting for the first one and then creating a second contact.
        """
        self.ensure_one()
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE b2b_contact_request SET state = 'done'
                 WHERE id IN (SELECT id FROM b2b_contact_request
                               WHERE id = %s AND state = 'sent'
                                 FOR UPDATE SKIP LOCKED)
             RETURNING id
                """,
                self.id,
            )
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["state"])
        return claimed

    def _b2b_format_phone(self, phone):
        """Return (number in international format, error or None): Odoo's
        phone_validation judges the number, national numbers being read in the
        partner company's country (else ours)."""
        self.ensure_one()
        if not phone:
            return False, self.env._("Please enter a valid phone number.")
        try:
            number = self.partner_id._phone_format(
                number=phone,
                country=self.partner_id.country_id,
                force_format="INTERNATIONAL",
                raise_exception=True,
            )
        except UserError as error:
            return False, self.env._(
                "Please enter a valid phone number: %(reason)s", reason=error.args[0]
            )
        return number, None

    def _b2b_answer_contact(self, email):
        """The existing contact the answer updates: a person (not a company, not
        an address, nobody with an account of their own) directly under the
        request's partner company whose email is exactly ``email`` (an already
        normalized address, compared with the stored normalized one: no
        pattern matching). Else empty, and the answer creates a new contact.

        The answer comes from outside (a signed link): it may only complete the
        person it is about, never rename the company, another company's
        contact or a user."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        if not email:
            return Partner
        return Partner.search(
            [
                ("parent_id", "=", self.partner_id.id),
                ("is_company", "=", False),
                ("type", "=", "contact"),
                ("email_normalized", "=", email),
                ("user_ids", "=", False),
            ],
            order="id",
            limit=1,
        )

    def _b2b_submit_answer(self, values):
        """Create the contact under the partner company, or update the one with
        exactly that email (see :meth:`_b2b_answer_contact`); no user is created
        for that person. Return the contact, or an empty recordset
        when another answer claimed the request first (nothing is written)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        if not self._b2b_claim_answer():
            return Partner
        contact = self._b2b_answer_contact(values.get("email"))
        contact_values = {
            "name": values["name"],
            "function": self.role,
            **{k: values[k] for k in ("email", "phone") if values.get(k)},
        }
        if contact:
            contact.write(contact_values)
        else:
            contact = Partner.create(
                {**contact_values, "parent_id": self.partner_id.id, "type": "contact"}
            )
        self.write({"state": "done", "contact_id": contact.id})
        self.message_post(
            body=self.env._(
                "%(role)s: %(name)s is now a contact of %(partner)s.",
                role=self.role,
                name=contact.name,
                partner=self.partner_id.name,
            ),
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        return contact
