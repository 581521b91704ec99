from . import test_thread
from . import test_task
from . import test_security
from . import test_ui
from . import test_portal
from . import test_documents
from . import test_reminder
from . import test_i18n
