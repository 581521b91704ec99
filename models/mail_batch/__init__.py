from . import b2b_mail_batch
from . import mail_template
