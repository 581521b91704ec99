from . import b2b_partner_share_mixin
from . import b2b_signed_link_mixin
from . import b2b_mail_screening_mixin
from . import b2b_portal_page_mixin
from . import ir_attachment
from . import ir_http
from . import mail_message
from . import res_partner
