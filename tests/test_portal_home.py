# Copyright 2026 b2b_communication contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The portal home: each B2B entry has its own pictogram, drawn at the size of
Odoo's own entries (64 x 64 SVG, rendered at its natural size)."""

import re

from lxml import etree

from odoo.tests import tagged
from odoo.tools.misc import file_open

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

B2B_ENTRIES = {
    "/my/b2b/threads": "b2b_threads.svg",
    "/my/b2b/tasks": "b2b_tasks.svg",
    "/my/b2b/messages": "b2b_messages.svg",
    "/my/b2b/address-book": "b2b_address_book.svg",
    "/my/b2b/reminders": "b2b_reminders.svg",
    "/my/b2b/document-requests": "b2b_document_requests.svg",
    "/my/b2b/documents": "b2b_documents_on_file.svg",
    "/my/b2b/order-lines": "b2b_order_lines.svg",
}


@tagged("post_install", "-at_install")
class TestPortalHomeIcons(HttpCaseWithUserPortal):
    def _svg_size(self, svg):
        root = etree.fromstring(svg)
        return root.get("width"), root.get("height"), root.get("viewBox")

    def test_each_b2b_entry_has_its_own_icon_at_odoo_size(self):
        self.authenticate(self.user_portal.login, "portal")  # Odoo's own portal user
        page = self.url_open("/my/home").text
        # portal.portal_docs_entry: <a href=url> <div o_portal_icon> <img src=icon>
        entries = dict(
            re.findall(
                r'<a href="(/my/b2b/[^"]+)"[^>]*>\s*<div class="o_portal_icon[^"]*">\s*'
                r'<img src="([^"]+)"',
                page,
            )
        )
        self.assertEqual(
            entries,
            {
                url: f"/b2b_communication/static/src/img/{name}"
                for url, name in B2B_ENTRIES.items()
            },
        )
        with file_open("sale/static/src/img/bag.svg", "rb") as odoo_icon:
            odoo_size = self._svg_size(odoo_icon.read())
        self.assertEqual(odoo_size, ("64", "64", "0 0 64 64"))
        for icon in entries.values():
            response = self.url_open(icon)
            self.assertEqual(response.status_code, 200, icon)
            self.assertEqual(self._svg_size(response.content), odoo_size, icon)
