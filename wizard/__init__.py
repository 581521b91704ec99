from . import account_payment_register
from . import b2b_document_request_wizard
from . import b2b_document_reject_wizard
from . import b2b_purchase_document_warning
from . import b2b_order_line_confirmation_reject
