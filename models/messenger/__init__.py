from . import discuss_channel
from . import discuss_channel_member
from . import res_partner
from . import res_users
from . import sale_order
from . import purchase_order
from . import b2b_thread
