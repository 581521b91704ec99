from . import res_company
from . import res_partner
from . import b2b_reminder_log
from . import res_config_settings
