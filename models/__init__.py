from . import sharing

# before anything extends res.partner: the partner's default reminder frequency
# is read from the company's column, created first
from . import reminder_digest
from . import mention
from . import thread
from . import documents
from . import partner
from . import contact_request
from . import messenger
from . import unread_chat
from . import mail_batch
