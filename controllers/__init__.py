from . import portal
from . import reminder
