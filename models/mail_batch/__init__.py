from . import b2b_mail_batch
from . import mail_template
from . import mail_render_mixin
from . import ir_config_parameter
