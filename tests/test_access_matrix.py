# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The access matrix (issue 32): every cell of tests/access_matrix/*.csv,
driven over JSON-RPC as the actor, and the declaration checked complete
against what the addon defines. How to read and extend it:
readme/SECURITY.md, "The access matrix"."""

import csv
import logging
import tempfile
import time
from pathlib import Path

from odoo.tests import tagged
from odoo.tools import mute_logger

from .access_matrix_common import (
    ACTORS,
    LETTERS,
    SHARE_ACTORS,
    VERB_LETTER,
    AccessMatrixDriver,
    Cell,
    module_models_and_fields,
)
from .common import (
    B2B_MANAGER_GROUPS,
    B2bPortalCommon,
    create_b2b_user,
    create_partner_user,
    post_comment,
    send_contact_request,
)

_logger = logging.getLogger(__name__)

# cells expected to differ until a fix lands, as {cell key: issue point}: a
# cell that starts to hold fails the test until its entry is deleted
KNOWN_OPEN = {}


@tagged("post_install", "-at_install", "b2b_access_matrix")
class TestAccessMatrix(AccessMatrixDriver, B2bPortalCommon):
    """Actors (columns of the matrix): our B2B user, manager and employee
    without B2B rights (company 1), a B2B user of company 2, the portal users
    ``a1`` of supplier A and ``b1`` of competing supplier B, ``moved_to_b``
    (was A's portal user, is now B's contact, same account), ``left_a`` (was
    A's portal user; the account was archived after the session was opened)
    and the anonymous visitor (``public``; A's contact without an account has
    no session either: the same row)."""

    portal_user_keys = ("a1", "a2", "b1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = create_b2b_user(
            cls.env, "matrix_manager", groups=B2B_MANAGER_GROUPS, name="Mia Manager"
        )
        cls.employee = create_b2b_user(
            cls.env, "matrix_employee", groups="base.group_user", name="Emil Employee"
        )
        cls.left_a = create_partner_user(
            cls.env,
            cls.supplier_a,
            "Lea Left",
            "matrix_left_a",
            email="lea@suppliers.example.com",
        )
        cls.supplier_a.b2b_reminder_contact_id = cls.contact_a
        cls.matrix_users = {
            "b2b_internal": cls.internal,
            "b2b_manager": cls.manager,
            "employee": cls.employee,
            "b2b_outsider": cls.outsider,
            "a1": cls.portal_users["a1"],
            "b1": cls.portal_users["b1"],
            "moved_to_b": cls.portal_users["a2"],
            "left_a": cls.left_a,
            "public": cls.env.ref("base.public_user"),
        }
        cls.matrix_refs = {
            "company": cls.env.company,
            "other_company": cls.outsider.company_id,
            "supplier_a": cls.supplier_a,
            "supplier_b": cls.supplier_b,
            "contact_a": cls.contact_a,
            "bank_journal": cls.env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)],
                limit=1,
            ),
            # a purchase order of our other company is received there
            "other_company_receipts": cls.env["stock.picking.type"].search(
                [
                    ("code", "=", "incoming"),
                    ("company_id", "=", cls.outsider.company_id.id),
                ],
                limit=1,
            ),
        }
        cls._build_matrix_fixture()
        # A's portal user moves to the competitor B (same account): she leaves
        # the chats and groups she had as A's (issue 32, point 4); her
        # membership of a group with our user is one she joins as B's
        cls.portal_users["a2"].partner_id.parent_id = cls.supplier_b
        cls.kind_records[("discuss.channel.member", "moved_in_group_b")] = (
            cls._matrix_build_member_moved()
        )
        cls.module_models, cls.module_fields = module_models_and_fields(cls.env)

    # ------------------------------------------------------------------
    # Builders of kinds.csv (a new record per call)
    # ------------------------------------------------------------------

    @classmethod
    def _matrix_chat(cls, actor):
        # a fresh group conversation of our user and the partner's user
        return (
            cls.env["discuss.channel"]
            .with_user(cls.internal)
            .create_group(cls.matrix_users[actor].partner_id.ids)
        )

    @classmethod
    def _matrix_build_chat_a1(cls):
        return cls._matrix_chat("a1")

    @classmethod
    def _matrix_build_chat_b1(cls):
        return cls._matrix_chat("b1")

    @classmethod
    def _matrix_build_group_a_with_moved(cls):
        """A group of our user with A's two portal users, one of whom moves
        to B later: she leaves it then (issue 32, point 4), the others stay
        (the copies deleted by unlink cells, made after the move, are groups
        without her)."""
        moved = cls.portal_users["a2"]
        members = cls.portal_users["a1"]
        if moved.partner_id.commercial_partner_id == cls.supplier_a:
            members |= moved
        return (
            cls.env["discuss.channel"]
            .with_user(cls.internal)
            .create_group(members.partner_id.ids)
        )

    @classmethod
    def _matrix_build_member_moved(cls):
        """Her membership of a group with our user (the fixture's is made
        once she is B's, see setUpClass)."""
        partner = cls.portal_users["a2"].partner_id
        channel = (
            cls.env["discuss.channel"].with_user(cls.internal).create_group(partner.ids)
        )
        post_comment(channel, "Hello from the matrix", user=cls.internal)
        return channel.channel_member_ids.filtered(lambda m: m.partner_id == partner)

    @classmethod
    def _matrix_member(cls, actor, member_actor=None):
        channel = cls._matrix_chat(actor)
        partner = cls.matrix_users[member_actor or actor].partner_id
        post_comment(channel, "Hello from the matrix", user=cls.internal)
        return channel.channel_member_ids.filtered(lambda m: m.partner_id == partner)

    @classmethod
    def _matrix_build_member_a1(cls):
        return cls._matrix_member("a1")

    @classmethod
    def _matrix_build_member_internal(cls):
        return cls._matrix_member("a1", "b2b_internal")

    @classmethod
    def _matrix_build_member_b1(cls):
        return cls._matrix_member("b1")

    @classmethod
    def _matrix_thread_a(cls):
        return cls.kind_records[("b2b.thread", "shared_a")]

    @classmethod
    def _matrix_file(cls, name):
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "raw": b"matrix",
                "res_model": "b2b.thread",
                "res_id": cls._matrix_thread_a().id,
            }
        )

    @classmethod
    def _matrix_build_public_message_a(cls):
        return post_comment(
            cls._matrix_thread_a(), "Please confirm the date", user=cls.internal
        )

    @classmethod
    def _matrix_build_note_a(cls):
        return (
            cls._matrix_thread_a()
            .with_user(cls.internal)
            .message_post(
                body="Their price is 20% too high",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                attachment_ids=cls._matrix_file("margin.txt").ids,
            )
        )

    @classmethod
    def _matrix_build_note_file_a(cls):
        return cls._matrix_build_note_a().attachment_ids

    @classmethod
    def _matrix_build_public_file_a(cls):
        return post_comment(
            cls._matrix_thread_a(),
            "The drawing",
            user=cls.internal,
            attachment_ids=cls._matrix_file("drawing.pdf").ids,
        ).attachment_ids

    @classmethod
    def _matrix_build_invoice_a(cls):
        """A posted invoice of A (the portal shows posted invoices only)."""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.supplier_a.id,
                "b2b_thread_id": cls.kind_records[("b2b.thread", "internal_a")].id,
                "invoice_line_ids": [
                    (0, 0, {"name": "Bolts", "quantity": 1, "price_unit": 10.0})
                ],
            }
        )
        invoice.action_post()
        invoice.message_subscribe(partner_ids=cls.portal_users["a1"].partner_id.ids)
        return invoice

    @classmethod
    def _matrix_build_request_email_a(cls):
        """The email of a contact request, kept in its chatter: it carries the
        link signed for the person of contact."""
        request = send_contact_request(cls.env, cls.supplier_a, "Quality", cls.internal)
        return cls.env["mail.message"].search(
            [
                ("model", "=", request._name),
                ("res_id", "=", request.id),
                ("message_type", "=", "email_outgoing"),
            ]
        )

    # ------------------------------------------------------------------
    # The test
    # ------------------------------------------------------------------

    def test_access_matrix(self):
        started = time.time()
        self.assertFalse(self.matrix.errors, "\n".join(self.matrix.errors))
        problems = self._completeness_problems()
        self.matrix_calls = 0
        self.matrix_readable = {}
        self._open_matrix_sessions()
        self.left_a.active = False
        cells, leaks, observed = [], [], {"records": {}, "fields": {}}
        # odoo.sql_db: a create cell with a kind's values missing a required
        # column is refused by the database (a ValidationError to the caller)
        with mute_logger(
            "odoo.http",
            "odoo.models",
            "odoo.addons.base.models.ir_model",
            "odoo.sql_db",
        ):
            for actor in ACTORS:
                self._use_session(actor)
                for model in self.matrix.models():
                    if model not in self.env:
                        continue
                    cells += self._model_cells(model, actor, observed, leaks)
        failures, known = [], []
        for cell in cells + leaks:
            point = KNOWN_OPEN.get(cell.key)
            mismatch = cell.expected != cell.got
            if point and mismatch:
                known.append(f"{cell}  [KNOWN_OPEN, point {point}]")
            elif point:
                failures.append(f"{cell}  [holds now: delete it from KNOWN_OPEN]")
            elif mismatch:
                failures.append(str(cell))
        checked = {cell.key for cell in cells + leaks}
        failures += [
            f"KNOWN_OPEN {key}: no such cell (a kind, field or verb renamed?)"
            for key in KNOWN_OPEN.keys() - checked
        ]
        summary = self._summary(cells, leaks, started)
        _logger.info(summary)
        for line in known:
            _logger.info(line)
        if failures or problems:
            path = self._write_observed(observed)
            self.fail(
                "\n".join(
                    [
                        *problems,
                        f"{len(failures)} cell(s) differ from tests/access_matrix:",
                        *failures,
                        summary,
                        f"Observed matrix (review before copying): {path}",
                    ]
                )
            )

    def _completeness_problems(self):
        """Every model and field the addon defines or extends is declared, and
        every declared one exists."""
        declared_models = set(self.matrix.models())
        declared_fields = set(self.matrix.fields)
        problems = [
            f"model {model}: not declared in tests/access_matrix/ (kinds, models)"
            for model in sorted(self.module_models - declared_models)
        ]
        problems += [
            f"model {model}: declared in tests/access_matrix but not in the registry"
            for model in sorted(declared_models - self.module_models)
        ]
        problems += [
            f"field {model}.{name}: not declared in tests/access_matrix/fields.csv"
            for model, name in sorted(self.module_fields - declared_fields)
        ]
        problems += [
            f"field {model}.{name}: declared in fields.csv but not added by the addon"
            for model, name in sorted(declared_fields - self.module_fields)
        ]
        return problems

    def _model_cells(self, model, actor, observed, leaks):
        """The cells of ``actor`` on ``model``: its records, its fields and,
        for share actors, the related records it got."""
        cells = []
        records = self._record_results(model, actor)
        for (kind, verb), got in records.items():
            allowed = VERB_LETTER[verb] in self.matrix.records[(model, kind)][actor]
            cells.append(self._cell(model, kind, actor, verb, allowed, got))
            letters = observed["records"].setdefault((model, kind, actor), set())
            if got is True:
                letters.add(VERB_LETTER[verb])
        fields = self._field_results(model, actor, records)
        for (name, verb), got in fields.items():
            declared = self.matrix.fields.get((model, name), {}).get(actor, set())
            letter = verb[0]
            if got is True:
                observed["fields"].setdefault((model, name, actor), set()).add(letter)
            observed["fields"].setdefault((model, name, actor), set())
            if got is None or (model, name) not in self.matrix.fields:
                continue
            cells.append(
                self._cell(model, name, actor, f"field {verb}", letter in declared, got)
            )
        if actor in SHARE_ACTORS:
            for kind, name, route, comodel, res_id, label in self._leak_checks(
                model, actor, records, fields
            ):
                readable = self._readable_by(actor, comodel, res_id)
                shown = f"{comodel}({res_id}{', ' + repr(label) if label else ''})"
                leaks.append(
                    Cell(
                        model,
                        f"{kind}.{name}",
                        actor,
                        f"shows:{route}",
                        "readable",
                        "readable" if readable else shown,
                    )
                )
        if actor in ("public", "a1") and any(
            "__abstract__" in self.matrix.kinds[(model, kind)]
            for kind in self.matrix.model_kinds(model)
        ):
            for route, got in self._mail_route_results(model).items():
                cells.append(self._cell(model, "abstract", actor, route, False, got))
        return cells

    @staticmethod
    def _cell(model, kind, actor, verb, allowed, got):
        expected = "allowed" if allowed else "refused"
        if isinstance(got, str):
            got = f"SERVER ERROR {got}"
        else:
            got = "allowed" if got else "refused"
        return Cell(model, kind, actor, verb, expected, got)

    def _summary(self, cells, leaks, started):
        fields = [cell for cell in cells if cell.verb.startswith("field")]
        routes = [cell for cell in cells if cell.verb.startswith("/")]
        records = len(cells) - len(fields) - len(routes)
        return (
            f"Access matrix: {len(self.matrix.models())} models "
            f"({len(self.matrix.kinds)} record kinds), {len(self.matrix.fields)} "
            f"fields, {len(ACTORS)} actors, {len(VERB_LETTER)} verbs: "
            f"{len(cells) + len(leaks)} cells checked ({records} record cells, "
            f"{len(fields)} field cells, {len(routes)} mail-route cells, "
            f"{len(leaks)} related values shown to share actors), "
            f"{self.matrix_calls} calls in {time.time() - started:.0f} s"
        )

    def _write_observed(self, observed):
        """What the code does today, in the shape of models.csv and
        fields.csv: a draft for a new model or field, to review line by line
        against the intended policy before copying anything."""
        # one folder per database: runs of several checkouts at once keep theirs
        folder = (
            Path(tempfile.gettempdir())
            / f"b2b_access_matrix_observed_{self.env.cr.dbname}"
        )
        folder.mkdir(exist_ok=True)

        def cell(letters, order):
            return "".join(letter for letter in order if letter in letters) or "-"

        with (folder / "models.csv").open("w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["model", "kind", *ACTORS])
            for model, kind in self.matrix.kinds:
                letters = [
                    observed["records"].get((model, kind, actor), set())
                    for actor in ACTORS
                ]
                writer.writerow([model, kind, *(cell(x, LETTERS) for x in letters)])
        with (folder / "fields.csv").open("w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["model", "field", *ACTORS])
            names = sorted(
                {(model, name) for model, name, __ in observed["fields"]}
                | set(self.matrix.fields)
            )
            for model, name in names:
                letters = [
                    observed["fields"].get((model, name, actor), set())
                    for actor in ACTORS
                ]
                writer.writerow([model, name, *(cell(x, "rw") for x in letters)])
        return folder
