from . import account_payment_register
from . import b2b_order_line_confirmation_reject
