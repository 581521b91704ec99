from . import b2b_document_mixin
from . import sale_order
from . import purchase_order
from . import mrp_production
from . import stock_picking
from . import account_move
from . import account_payment
