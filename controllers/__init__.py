from . import mail
from . import portal
from . import thread_documents
from . import preview
from . import reminder
from . import contact_request
from . import messenger
from . import thread
