"""pytest plugin loaded by tools/run_tests.sh next to pytest-odoo.

pytest-odoo imports ``odoo.tests`` before it switches Odoo's ``test_enable`` flag
on (it must stay off while the registry loads, or every module's at_install
tests would run). Odoo then logs an ERROR "Importing test framework ..." that is
meant for business code importing test helpers, not for a test runner. Drop that
one record so that real errors stand out.
"""

import logging


class _TestFrameworkImportFilter(logging.Filter):
    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_TestFrameworkImportFilter())
