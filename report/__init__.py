from . import b2b_partner_overview
from . import b2b_task_answer_report
from . import b2b_address_book
from . import b2b_thread_document
from . import b2b_compliance_status
from . import b2b_order_confirmation_report
from . import b2b_partner_overview_order_confirmation
