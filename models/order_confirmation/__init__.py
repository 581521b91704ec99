from . import b2b_order_line_confirmation
from . import b2b_order_line_confirmation_schedule
from . import purchase_order_line
from . import purchase_order_line_alert
from . import purchase_order
from . import res_company
from . import res_config_settings
from . import b2b_task
