from . import b2b_partner_overview
