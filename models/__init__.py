# first: the partner's default reminder frequency reads the company's column, which
# must exist before any folder extends res.partner
from . import reminder_digest
from . import sharing
from . import mention
from . import thread
from . import documents
from . import partner
from . import contact_request
from . import messenger
from . import unread_chat
from . import mail_batch
from . import document_request
from . import order_confirmation
