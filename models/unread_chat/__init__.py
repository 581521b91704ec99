from . import discuss_channel_member
from . import res_partner
from . import res_config_settings
