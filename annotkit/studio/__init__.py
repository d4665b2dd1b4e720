"""Label Studio sync: labeling interface, push, pull and a local server.

The only package that talks to Label Studio; everything else speaks
annotkit's own types.
"""

from annotkit.studio.client import Studio, StudioUnavailable
from annotkit.studio.config import labeling_config
from annotkit.studio.pull import PullReport, pull
from annotkit.studio.push import PushReport, push
from annotkit.studio.server import Credentials, LocalServer

__all__ = [
    "Credentials",
    "LocalServer",
    "PullReport",
    "PushReport",
    "Studio",
    "StudioUnavailable",
    "labeling_config",
    "pull",
    "push",
]
