"""Voila's configuration for the book (a folder of its own: a voila.py at the root would hide
the voila package from ``python -m voila``). From the repository root:

    voila --Voila.config_file_paths=live --no-browser .

then open ``/voila/render/exercises/<notebook>.ipynb``.

Every setting below is explained in README.md ("Voila").
"""

import os
from pathlib import Path

from ogp_curriculum.kernels import voila_kernels_on_local_sockets
from ogp_curriculum.live import voila_prelaunch_hook

c = get_config()  # noqa: F821 - injected by traitlets when Voila loads this file

# MyST roles and directives become plain Markdown, and each page gets the notebook's title.
c.VoilaConfiguration.prelaunch_hook = voila_prelaunch_hook
# A learner who closes the tab leaves an idle kernel: stop it after 10 minutes (checked every
# minute) so a shared server does not fill up with forgotten kernels.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
# Kernels listen on Unix sockets, not loopback ports (why: ogp_curriculum.kernels).
voila_kernels_on_local_sockets(c)
# A cell that hangs (a lost message, a stuck kernel) ends its page with a visible timeout error
# after two minutes, instead of a page that never finishes loading. Every cell takes seconds.
c.VoilaExecutor.timeout = 120
# The "ogp" template (live/voila/templates/ogp): Voila's lab template with no request to a CDN.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [str(Path(__file__).resolve().parent), *filter(None, [os.environ.get("JUPYTER_PATH")])]
)
c.VoilaConfiguration.template = "ogp"
