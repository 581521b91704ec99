from . import b2b_topic
from . import b2b_topic_mixin
from . import b2b_thread
from . import b2b_communication
from . import b2b_task
from . import res_config_settings
