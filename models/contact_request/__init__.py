from . import b2b_contact_role
from . import b2b_contact_request
