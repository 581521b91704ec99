from . import mail
from . import portal
from . import reminder
from . import contact_request
from . import messenger
from . import order_confirmation
