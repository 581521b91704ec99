# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The access matrix (readme/SECURITY.md, "The access matrix"): the declared
policy of every model and field of this addon, read from the CSV files of
``tests/access_matrix/``, and the driver that checks each cell as the actor,
over JSON-RPC, the way the web client calls the server.

- ``kinds.csv``: how each record kind of the fixture is made (one record per
  kind; ``{n}`` in a string is a counter, ``@...`` a reference, see
  :meth:`AccessMatrixDriver._resolve`).
- ``models.csv``: per (model, kind), per actor, the verbs allowed, as letters
  (see ``LETTERS``); ``-``: none.
- ``fields.csv``: per (model, field), per actor: ``r``, ``w``, ``rw`` or ``-``,
  on the first kind of ``models.csv`` the actor reads (writes).
"""

import ast
import csv
import itertools
import re
from collections import defaultdict
from pathlib import Path

from odoo import fields as odoo_fields
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

MODULE = "b2b_communication"
MATRIX_DIR = Path(__file__).with_name("access_matrix")
# the columns of models.csv and fields.csv, in this order
ACTORS = (
    "b2b_internal",  # our B2B user (company 1)
    "b2b_manager",  # our B2B manager (company 1)
    "employee",  # our employee without B2B rights (company 1)
    "b2b_outsider",  # a B2B user of our other company (company 2 only)
    "a1",  # portal user of supplier A
    "b1",  # portal user of competing supplier B
    "moved_to_b",  # was a portal user of A, now a contact of B (same account)
    "left_a",  # was a portal user of A, account archived; calls with the old session
    "public",  # the anonymous visitor (also A's contact without an account)
)
# share actors with a session: the invariant of relational fields is theirs
SHARE_ACTORS = ("a1", "b1", "moved_to_b")
# the letters of a cell of models.csv and the JSON-RPC methods behind each
LETTERS = {
    "r": ("read", "web_read"),
    "s": ("search_read", "web_search_read", "search_count"),
    "n": ("name_search",),
    "g": ("read_group", "web_read_group"),
    "w": ("write",),
    "c": ("create",),
    "u": ("unlink",),
}
VERB_LETTER = {verb: letter for letter, verbs in LETTERS.items() for verb in verbs}
# JSON-RPC errors that are a refusal; any other error is a server error, a
# failure whatever the cell says
REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.AccessDenied",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.http.SessionExpiredException",
    "werkzeug.exceptions.Forbidden",
    "werkzeug.exceptions.NotFound",
)
# meta keys of kinds.csv (everything else is a field value)
META_KEYS = (
    "__record__",  # an existing record of the fixture (throwaways: the values)
    "__search__",  # the row of an SQL view found by this domain (no throwaway)
    "__builder__",  # a builder method of the test (a fresh record per call)
    "__followers__",  # partners subscribed after creation
    "__abstract__",  # no record: an abstract model
    "__norecord__",  # no record: only creation is checked (wizards)
)


def read_matrix_csv(name):
    """The rows of ``tests/access_matrix/<name>`` as dicts; lines whose first
    column starts with ``#`` are comments."""
    with (MATRIX_DIR / name).open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [row for row in rows if not next(iter(row.values()), "").startswith("#")]


class Matrix:
    """The three CSV files, checked for shape."""

    def __init__(self):
        self.errors = []
        self.kinds = {}  # (model, kind): values, in file order
        for row in read_matrix_csv("kinds.csv"):
            key = (row["model"], row["kind"])
            try:
                self.kinds[key] = ast.literal_eval(row["values"] or "{}")
            except (ValueError, SyntaxError) as error:
                self.errors.append(f"kinds.csv {key}: bad values ({error})")
        self.records = self._read_cells("models.csv", "kind", self._letters)
        self.fields = self._read_cells("fields.csv", "field", self._field_letters)
        for key in self.kinds.keys() - self.records.keys():
            self.errors.append(f"kinds.csv {key}: no row in models.csv")
        for key in self.records.keys() - self.kinds.keys():
            self.errors.append(f"models.csv {key}: no row in kinds.csv")

    def _read_cells(self, name, second, parse):
        cells = {}
        for row in read_matrix_csv(name):
            key = (row["model"], row[second])
            columns = tuple(column for column in row if column not in ("model", second))
            if columns != ACTORS:
                self.errors.append(f"{name}: the actor columns must be {ACTORS}")
                return cells
            if key in cells:
                self.errors.append(f"{name} {key}: declared twice")
            cells[key] = {actor: parse(name, key, row[actor]) for actor in ACTORS}
        return cells

    def _letters(self, name, key, cell):
        cell = (cell or "").strip()
        letters = set() if cell == "-" else set(cell)
        if not cell or letters - set(LETTERS):
            self.errors.append(f"{name} {key}: bad cell {cell!r}")
        return letters

    def _field_letters(self, name, key, cell):
        cell = (cell or "").strip()
        if cell not in ("-", "r", "w", "rw"):
            self.errors.append(f"{name} {key}: bad cell {cell!r}")
        return set() if cell == "-" else set(cell)

    def models(self):
        return list(dict.fromkeys(model for model, __ in self.kinds))

    def model_kinds(self, model):
        return [kind for (name, kind) in self.kinds if name == model]


def module_models_and_fields(env):
    """What this addon defines or extends, from the registry's reflection:
    the models and fields that carry an XML id of the module (``modules`` of
    ir.model and ir.model.fields): its own models, the abstract mixins, the SQL
    views, the models it extends (with or without fields) and the fields it
    adds to them, inherited fields of its own models included."""
    data = (
        env["ir.model.data"]
        .sudo()
        .search_fetch(
            [("module", "=", MODULE), ("model", "in", ("ir.model", "ir.model.fields"))],
            ["model", "res_id"],
        )
    )
    ids = defaultdict(list)
    for row in data:
        ids[row.model].append(row.res_id)
    models = set(env["ir.model"].sudo().browse(ids["ir.model"]).mapped("model"))
    fields = {
        (field.model, field.name)
        for field in env["ir.model.fields"].sudo().browse(ids["ir.model.fields"])
    }
    return models | {model for model, __ in fields}, fields


def is_no_effect_write(field):
    """Whether writing ``field`` stores nothing: Odoo drops ``id`` and the log
    columns, a non-stored computed field without inverse is recomputed, and a
    one2many is written through the comodel (whose own rows declare it)."""
    return (
        field.name in ("id", "parent_path", *LOG_ACCESS_COLUMNS)
        or field.type == "one2many"
        or (not field.store and not field.inverse)
    )


def write_value(field, value):
    """The current ``value`` (as ``read`` gives it) as ``write`` takes it."""
    if field.type == "many2one":
        return value and value[0]
    if field.type == "many2many":
        return [(6, 0, value)]
    if isinstance(value, odoo_fields.datetime):
        return odoo_fields.Datetime.to_string(value)
    if isinstance(value, odoo_fields.date):
        return odoo_fields.Date.to_string(value)
    return value


class Cell:
    """One checked cell, for the report."""

    __slots__ = ("actor", "expected", "got", "kind", "model", "verb")

    def __init__(self, model, kind, actor, verb, expected, got):
        self.model, self.kind, self.actor = model, kind, actor
        self.verb, self.expected, self.got = verb, expected, got

    @property
    def key(self):
        return (self.model, self.kind, self.actor, self.verb)

    def __str__(self):
        return (
            f"{self.model:<28} {self.kind:<22} {self.actor:<13} {self.verb:<16}"
            f" expected {self.expected:<8} got {self.got}"
        )


class Counter:
    """``{n}`` of kinds.csv: a number unique in the run."""

    def __init__(self):
        self._next = itertools.count(1)

    def __call__(self):
        return next(self._next)


class AccessMatrixDriver:
    """Drives the cells of the matrix over JSON-RPC; mixed into an HttpCase
    built on B2bHttpCase (``_json_response``). The class sets ``matrix_users``
    (actor: res.users), ``matrix_refs`` (name: record, for ``@name``) and the
    ``_matrix_build_<name>`` builders of kinds.csv, then calls
    :meth:`_build_matrix_fixture`."""

    # ------------------------------------------------------------------
    # Fixture: one record per kind
    # ------------------------------------------------------------------

    @classmethod
    def _build_matrix_fixture(cls):
        cls.matrix = Matrix()
        cls.matrix_counter = Counter()
        cls.kind_records = {}
        for (model, kind), values in cls.matrix.kinds.items():
            cls.kind_records[(model, kind)] = cls._make_kind_record(
                model, values, fixture=True
            )

    @classmethod
    def _make_kind_record(cls, model, values, fixture=False):
        """The record of a kind (``fixture``) or a fresh one like it (a
        throwaway to delete), made as superuser; None for abstract models."""
        Model = cls.env[model].sudo()
        if "__abstract__" in values or "__norecord__" in values:
            return None
        if "__search__" in values:
            record = Model.search(cls._resolve(values["__search__"]))
            assert len(record) == 1, f"{model} {values}: {len(record)} rows"
            return record
        if "__builder__" in values:
            return getattr(cls, f"_matrix_build_{values['__builder__']}")()
        if fixture and "__record__" in values:
            return Model.browse(cls._resolve(values["__record__"]))
        record = Model.create(cls._create_values(values))
        followers = cls._resolve(values.get("__followers__", []))
        if followers:
            record.message_subscribe(partner_ids=followers)
        return record

    @classmethod
    def _create_values(cls, values):
        return cls._resolve(
            {key: value for key, value in values.items() if key not in META_KEYS}
        )

    @classmethod
    def _resolve(cls, value):
        """``@name`` (matrix_refs), ``@user:<actor>``, ``@partner:<actor>``,
        ``@<model>/<kind>`` (the kind's record), ``@xmlid:<xmlid>`` and
        ``@new:<model>`` (a new record named "Matrix <n>") become ids, also
        as ``{@...}`` inside a string; ``{n}`` in a string becomes a number
        unique in the run."""
        if isinstance(value, dict):
            return {key: cls._resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(cls._resolve(item) for item in value)
        if not isinstance(value, str):
            return value
        if not value.startswith("@"):
            value = re.sub(r"\{(@[^}]+)\}", lambda m: str(cls._resolve(m[1])), value)
            return value.replace("{n}", str(cls.matrix_counter()))
        prefix, __, name = value[1:].partition(":")
        if prefix == "user":
            return cls.matrix_users[name].id
        if prefix == "partner":
            return cls.matrix_users[name].partner_id.id
        if prefix == "xmlid":
            return cls.env.ref(name).id
        if prefix == "new":
            label = f"Matrix {cls.matrix_counter()}"
            return cls.env[name].sudo().create({"name": label}).id
        if "/" in prefix:
            return cls.kind_records[tuple(prefix.split("/", 1))].id
        return cls.matrix_refs[prefix].id

    # ------------------------------------------------------------------
    # Sessions: one per actor, opened once
    # ------------------------------------------------------------------

    def _open_matrix_sessions(self):
        """A session per actor with an account (``public``: none), opened
        once; the test archives ``left_a``'s account afterwards: she calls
        with the session she had."""
        self.matrix_sessions = {}
        for actor in ACTORS:
            if actor == "public":
                continue
            login = self.matrix_users[actor].login
            self.authenticate(login, f"{login}_pw")
            self.matrix_sessions[actor] = self.session.sid
            self.session = None  # authenticate() would delete it
        self.matrix_actor = None

    def _use_session(self, actor):
        if actor == self.matrix_actor:
            return
        self.matrix_actor = actor
        self.opener.cookies.clear()
        self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key
        if actor in self.matrix_sessions:
            self.opener.cookies["session_id"] = self.matrix_sessions[actor]

    # ------------------------------------------------------------------
    # Calls
    # ------------------------------------------------------------------

    def _call(self, model, method, args, kwargs=None):
        """(outcome, value): ``ok`` and the result, ``refused`` and the
        error's name, or ``error`` (a server error) and what it said."""
        self.matrix_calls += 1
        response = self._json_response(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )
        return self._rpc_outcome(response)

    @staticmethod
    def _rpc_outcome(response):
        if response.status_code >= 500:
            return "error", f"HTTP {response.status_code}"
        if response.status_code >= 400:
            return "refused", f"HTTP {response.status_code}"
        data = response.json()
        error = data.get("error")
        if not error:
            return "ok", data.get("result")
        name = error.get("data", {}).get("name", "")
        if name in REFUSALS:
            return "refused", name.rpartition(".")[2]
        message = error.get("data", {}).get("message") or error.get("message", "")
        return "error", f"{name}: {message[:160]}"

    # ------------------------------------------------------------------
    # Record cells: a verb on one record of each kind
    # ------------------------------------------------------------------

    def _record_results(self, model, actor):
        """{(kind, verb): True (allowed), False (refused) or the server
        error} of ``actor`` on the records of ``model``."""
        kinds = self.matrix.model_kinds(model)
        expected = {kind: self.matrix.records[(model, kind)][actor] for kind in kinds}
        values = {kind: self.matrix.kinds[(model, kind)] for kind in kinds}
        records = {
            kind: self.kind_records[(model, kind)]
            for kind in kinds
            if self.kind_records[(model, kind)] is not None
        }
        results = {}
        for kind in kinds:
            if "__abstract__" in values[kind]:
                results.update(self._abstract_results(model, kind))
            elif "__norecord__" in values[kind]:
                results[(kind, "create")] = self._create_result(model, values[kind])
        if not records:
            return results
        ids = {kind: record.id for kind, record in records.items()}
        results.update(self._search_results(model, ids))
        results.update(self._count_results(model, ids, expected, results))
        for verb in ("read", "web_read", "write"):
            whole = self._refused_whatever_the_record(model, actor, verb)
            results.update(self._per_record_results(model, verb, ids, expected, whole))
        for verb, call in (
            ("create", self._create_result),
            ("unlink", self._unlink_result),
        ):
            if self._refused_whatever_the_record(
                model, actor, verb
            ) and self._refused_for_all(model, verb, values, records):
                results.update({(kind, verb): False for kind in records})
                continue
            for kind, record in records.items():
                results[(kind, verb)] = call(model, values[kind], record)
        return results

    ACCESS_MODES = {"read": "read", "web_read": "read", "search_count": "read"}

    def _refused_whatever_the_record(self, model, actor, verb):
        """Whether ``actor`` is refused ``verb`` before any record is looked
        at: without a session the route refuses, without the access right
        (ir.model.access) the model does. Then one call for all the records
        checks the cells of every record: its refusal holds for each."""
        if actor in ("left_a", "public"):
            return True
        user = self.matrix_users[actor]
        mode = self.ACCESS_MODES.get(verb, verb)
        Access = self.env["ir.model.access"].with_user(user)
        return not Access.check(model, mode, raise_exception=False)

    def _refused_for_all(self, model, verb, values, records):
        """Creation of records like all the kinds' / deletion of all the
        kinds' records, in one call: whether it was refused."""
        if verb == "create":
            create = [self._create_values(values[kind]) for kind in records]
            outcome, __ = self._call(model, "create", [create])
        else:
            ids = [record.id for record in records.values()]
            outcome, __ = self._call(model, "unlink", [ids])
        return outcome == "refused"

    def _probe_field(self, model):
        """A stored column every actor may read (reading ``id`` alone reads
        nothing from the table; display names are the invariant's business)."""
        Model = self.env[model]
        if Model._log_access:
            return "create_date"
        return next(
            name
            for name, field in Model._fields.items()
            if field.store and field.column_type and name != "id"
        )

    def _per_record_call(self, model, verb, ids):
        domain = [("id", "in", ids)]
        if verb == "read":
            return self._call(model, "read", [ids, [self._probe_field(model)]])
        if verb == "web_read":
            specification = {self._probe_field(model): {}}
            return self._call(
                model, "web_read", [ids], {"specification": specification}
            )
        if verb == "write":
            # the access check of writing, storing nothing: Odoo keeps the
            # log columns for itself (an empty write may answer without
            # checking anything, e.g. account.move's)
            values = {"write_date": "2000-01-01 00:00:00"}
            return self._call(
                model, "write", [ids, values if self.env[model]._log_access else {}]
            )
        return self._call(model, "search_count", [domain])

    def _per_record_results(self, model, verb, ids, expected, whole_refusal=False):
        """``verb`` on the records expected to allow it at once, then one call
        per record expected to refuse it (a batch that fails is split). With
        ``whole_refusal`` (see :meth:`_refused_whatever_the_record`), one call
        for all the records first: refused, it is refused for each."""
        if whole_refusal:
            outcome, __ = self._per_record_call(model, verb, list(ids.values()))
            if outcome == "refused":
                return {(kind, verb): False for kind in ids}
        letter = VERB_LETTER[verb]
        allowed = [kind for kind in ids if letter in expected[kind]]
        groups = [allowed] if allowed else []
        groups += [[kind] for kind in ids if kind not in allowed]
        results = {}
        for kinds in groups:
            outcome, value = self._per_record_call(
                model, verb, [ids[kind] for kind in kinds]
            )
            whole = outcome == "ok" and self._answers_all(verb, value, kinds, ids)
            if len(kinds) > 1 and not whole:
                for kind in kinds:
                    results.update(
                        self._per_record_results(
                            model, verb, {kind: ids[kind]}, expected
                        )
                    )
                continue
            for kind in kinds:
                results[(kind, verb)] = value if outcome == "error" else whole
        return results

    @staticmethod
    def _answers_all(verb, value, kinds, ids):
        if verb == "write":
            return value is True
        if verb == "search_count":
            return value == len(kinds)
        return {row["id"] for row in value} == {ids[kind] for kind in kinds}

    def _search_results(self, model, ids):
        """The search verbs, each in one call over all the records: a record
        is allowed when the answer holds it."""
        domain = [("id", "in", list(ids.values()))]
        calls = {
            "search_read": ("search_read", [], {"domain": domain, "fields": ["id"]}),
            "web_search_read": (
                "web_search_read",
                [],
                {"domain": domain, "specification": {"id": {}}},
            ),
            "read_group": (
                "read_group",
                [],
                {
                    "domain": domain,
                    "fields": ["__count"],
                    "groupby": ["id"],
                    "lazy": False,
                },
            ),
            "web_read_group": (
                "web_read_group",
                [],
                {
                    "domain": domain,
                    "fields": ["__count"],
                    "groupby": ["id"],
                    "lazy": False,
                },
            ),
        }
        if self._name_searchable(model):
            calls["name_search"] = (
                "name_search",
                [],
                {"name": "", "args": domain, "limit": 1000},
            )
        results = {}
        for verb, (method, args, kwargs) in calls.items():
            outcome, value = self._call(model, method, args, kwargs)
            found = self._found_ids(verb, value) if outcome == "ok" else set()
            for kind, record_id in ids.items():
                results[(kind, verb)] = (
                    value if outcome == "error" else record_id in found
                )
        return results

    def _count_results(self, model, ids, expected, results):
        """``search_count`` over all the records: a count equal to the number
        of records ``search_read`` found counts exactly those (both are the
        same search); any other answer is checked record by record."""
        found = [kind for kind in ids if results[(kind, "search_read")] is True]
        outcome, count = self._call(
            model, "search_count", [[("id", "in", list(ids.values()))]]
        )
        if outcome == "refused" or (outcome == "ok" and count == len(found)):
            return {(kind, "search_count"): kind in found for kind in ids}
        return self._per_record_results(model, "search_count", ids, expected)

    def _name_searchable(self, model):
        Model = self.env[model]
        return bool(Model._rec_name or Model._rec_names_search)

    @staticmethod
    def _found_ids(verb, value):
        if verb == "web_search_read":
            return {row["id"] for row in value["records"]}
        if verb == "name_search":
            return {row[0] for row in value}
        if verb in ("read_group", "web_read_group"):
            groups = value["groups"] if verb == "web_read_group" else value
            return {group["id"][0] for group in groups if group["__count"]}
        return {row["id"] for row in value}

    def _create_result(self, model, values, record=None):
        create_values = self._create_values(values)
        if "__search__" in values or "__builder__" in values:
            create_values = {}
        outcome, value = self._call(model, "create", [[create_values]])
        return value if outcome == "error" else outcome == "ok"

    def _unlink_result(self, model, values, record):
        """Delete a record like the kind's one, made for this cell (the kind's
        own record for SQL views, which nobody deletes)."""
        if "__search__" not in values:
            record = self._make_kind_record(model, values)
        outcome, value = self._call(model, "unlink", [record.ids])
        return value if outcome == "error" else outcome == "ok"

    def _abstract_results(self, model, kind):
        """An abstract model of the addon: every verb is refused (an abstract
        model of Odoo that the addon extends answers RPC as Odoo does; only
        the mail routes of the matrix test are checked for it)."""
        Model = self.env[model]
        if Model._original_module != MODULE:
            return {}
        # web_read of nothing but ids answers without reading anything
        field = next((name for name in Model._fields if name != "id"), None)
        calls = {
            "read": ("read", [[1], ["id"]], {}),
            "web_read": ("web_read", [[1]], {"specification": {field: {}}}),
            "search_read": ("search_read", [], {"domain": [], "fields": ["id"]}),
            "web_search_read": (
                "web_search_read",
                [],
                {"domain": [], "specification": {"id": {}}},
            ),
            "search_count": ("search_count", [[]], {}),
            "name_search": ("name_search", [], {"name": ""}),
            "read_group": (
                "read_group",
                [],
                {"domain": [], "fields": ["__count"], "groupby": []},
            ),
            "web_read_group": (
                "web_read_group",
                [],
                {"domain": [], "fields": ["__count"], "groupby": []},
            ),
            "write": ("write", [[1], {}], {}),
            "create": ("create", [[{}]], {}),
            "unlink": ("unlink", [[1]], {}),
        }
        if not field:
            del calls["web_read"]
        if not self._name_searchable(model):
            del calls["name_search"]
        results = {}
        for verb, (method, args, kwargs) in calls.items():
            outcome, value = self._call(model, method, args, kwargs)
            results[(kind, verb)] = value if outcome == "error" else outcome == "ok"
        return results

    # ------------------------------------------------------------------
    # Field cells: read on the first kind the actor reads, write on the
    # first kind the actor writes
    # ------------------------------------------------------------------

    def _model_field_names(self, model):
        """The fields of ``model`` that the matrix declares or the addon adds
        (an undeclared one is observed too, for the report)."""
        Model = self.env[model]
        names = {
            name for (name_model, name) in self.matrix.fields if name_model == model
        }
        names |= {
            name for (name_model, name) in self.module_fields if name_model == model
        }
        return sorted(name for name in names if name in Model._fields)

    def _field_kinds(self, model, actor, record_results):
        """The kind whose record the actor's field cells are read on, and the
        one they are written on (None: the actor reads/writes no record)."""
        kinds = [
            kind
            for kind in self.matrix.model_kinds(model)
            if "r" in self.matrix.records[(model, kind)][actor]
            and record_results.get((kind, "read")) is True
        ]
        writable = [
            kind
            for kind in kinds
            if "w" in self.matrix.records[(model, kind)][actor]
            and record_results.get((kind, "write")) is True
        ]
        return next(iter(kinds), None), next(iter(writable), None)

    def _field_results(self, model, actor, record_results):
        """{(field, "read" or "write"): True, False, the server error or None
        (not driven: writing the field stores nothing)}."""
        names = self._model_field_names(model)
        read_kind, write_kind = self._field_kinds(model, actor, record_results)
        results = {(name, "read"): False for name in names}
        results.update({(name, "write"): False for name in names})
        if read_kind:
            results.update(self._field_read_results(model, names, read_kind))
        fields = self.env[model]._fields
        for name in names:
            if is_no_effect_write(fields[name]):
                results[(name, "write")] = None
        if write_kind:
            results.update(self._field_write_results(model, actor, names, write_kind))
        return results

    def _field_read_results(self, model, names, kind):
        """The fields the actor may read: those ``fields_get`` describes to it
        (Odoo's test of a field's groups, as ``read`` applies it), read at
        once; field by field only when that read fails (a field the actor may
        read whose computation it may not run)."""
        record_id = self.kind_records[(model, kind)].id
        results = {(name, "read"): False for name in names}
        outcome, described = self._call(
            model, "fields_get", [], {"attributes": ["type"]}
        )
        names = [name for name in names if outcome == "ok" and name in described]
        if not names:
            return results
        outcome, value = self._call(model, "read", [[record_id], names])
        if outcome == "ok" and value:
            results.update({(name, "read"): True for name in names})
            return results
        for name in names:
            outcome, value = self._call(model, "read", [[record_id], [name]])
            results[(name, "read")] = (
                value if outcome == "error" else outcome == "ok" and bool(value)
            )
        return results

    def _field_write_results(self, model, actor, names, kind):
        """The fields declared writable, written at once with their current
        value; each other field on its own (it must be refused)."""
        record = self.kind_records[(model, kind)]
        fields = self.env[model]._fields
        names = [name for name in names if not is_no_effect_write(fields[name])]
        current = record.sudo().read(names)[0] if names else {}
        values = {name: write_value(fields[name], current[name]) for name in names}
        declared = [
            name
            for name in names
            if "w" in self.matrix.fields.get((model, name), {}).get(actor, ())
        ]
        results = {}
        groups = [declared] if declared else []
        groups += [[name] for name in names if name not in declared]
        for group in groups:
            outcome, value = self._call(
                model, "write", [record.ids, {name: values[name] for name in group}]
            )
            if len(group) > 1 and outcome != "ok":
                groups += [[name] for name in group]
                continue
            for name in group:
                results[(name, "write")] = (
                    value if outcome == "error" else outcome == "ok"
                )
        return results

    # ------------------------------------------------------------------
    # The invariant: a share actor reads no id or name of a record it may
    # not read itself, through any relational field
    # ------------------------------------------------------------------

    RELATIONAL = ("many2one", "one2many", "many2many", "many2one_reference")

    def _leak_checks(self, model, actor, record_results, field_results):
        """[(kind, field, route, comodel, id, name)] of every related record
        the actor got through ``read``, ``web_read`` (display names) and
        ``read_group`` (grouped by each many2one), on every record it reads."""
        fields = self.env[model]._fields
        names = [
            name
            for name in self._model_field_names(model)
            if field_results.get((name, "read")) is True
            and fields[name].type in self.RELATIONAL
        ]
        kinds = [
            kind
            for kind in self.matrix.model_kinds(model)
            if record_results.get((kind, "read")) is True
        ]
        if not names or not kinds:
            return []
        found = []
        extra = [
            fields[name].model_field
            for name in names
            if fields[name].type == "many2one_reference"
        ]
        spec = {
            name: {"fields": {"display_name": {}}}
            if fields[name].type == "many2one"
            else {}
            for name in names + extra
        }
        for kind in kinds:
            record_id = self.kind_records[(model, kind)].id
            for route, method, args, kwargs in (
                ("read", "read", [[record_id], names + extra], {}),
                ("web_read", "web_read", [[record_id]], {"specification": spec}),
            ):
                outcome, value = self._call(model, method, args, kwargs)
                if outcome == "ok":
                    found += self._related_values(model, kind, route, value[0], names)
        grouped = [
            name
            for name in names
            if fields[name].type == "many2one" and fields[name].store
        ]
        if grouped:
            ids = [self.kind_records[(model, kind)].id for kind in kinds]
            outcome, groups = self._call(
                model,
                "read_group",
                [],
                {
                    "domain": [("id", "in", ids)],
                    "fields": ["__count"],
                    "groupby": grouped,
                    "lazy": False,
                },
            )
            for group in groups if outcome == "ok" else []:
                found += self._related_values(model, "*", "read_group", group, grouped)
        return found

    def _related_values(self, model, kind, route, row, names):
        fields = self.env[model]._fields
        found = []
        for name in names:
            field, value = fields[name], row.get(name)
            if not value:
                continue
            if field.type == "many2one":
                if isinstance(value, dict):  # web_read
                    value = (value["id"], value.get("display_name"))
                found.append(
                    (kind, name, route, field.comodel_name, value[0], value[1])
                )
            elif field.type == "many2one_reference":
                comodel = row.get(field.model_field)
                if comodel in self.env:
                    found.append((kind, name, route, comodel, value, None))
            else:
                found += [
                    (kind, name, route, field.comodel_name, item, None)
                    for item in value
                ]
        return found

    def _readable_by(self, actor, comodel, record_id):
        """Whether ``actor`` may read the record itself; the names of our own
        users (internal accounts) count as readable: the portal pages show
        the responsible of a thread, the asker of a task and the authors of
        messages to the partner's users."""
        key = (actor, comodel, record_id)
        if key not in self.matrix_readable:
            user = self.matrix_users[actor]
            record = self.env[comodel].sudo().browse(record_id).exists()
            self.matrix_readable[key] = (
                not record
                or (comodel == "res.users" and not record.share)
                or bool(record.with_user(user).sudo(False)._filtered_access("read"))
            )
        return self.matrix_readable[key]

    # ------------------------------------------------------------------
    # Mail routes naming an abstract model: a refusal, never a server error
    # ------------------------------------------------------------------

    MAIL_ROUTES = {
        "/mail/chatter_fetch": {},
        "/mail/chatter_fetch?token": {"token": "0123456789abcdef"},
        "/mail/chatter_fetch?hash": {"hash": "0123456789abcdef", "pid": 3},
        "/mail/thread/data": {"request_list": ["activities", "followers"]},
        "/mail/thread/messages": {},
        "/mail/message/post": {
            "post_data": {"body": "Hello", "message_type": "comment"}
        },
    }

    def _mail_route_results(self, model):
        """{route: True (answered with data), False (refused or empty) or the
        server error}, for the current actor."""
        results = {}
        for route, params in self.MAIL_ROUTES.items():
            self.matrix_calls += 1
            response = self._json_response(
                route.partition("?")[0],
                {"thread_model": model, "thread_id": 1, **params},
            )
            outcome, value = self._rpc_outcome(response)
            results[route] = (
                value if outcome == "error" else outcome == "ok" and _holds_data(value)
            )
        return results


def _holds_data(value):
    """Whether an answer holds anything but empty containers."""
    if isinstance(value, dict):
        return any(_holds_data(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_data(item) for item in value)
    return bool(value)
