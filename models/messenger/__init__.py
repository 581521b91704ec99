from . import discuss_channel
from . import discuss_channel_member
from . import res_partner
