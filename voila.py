"""Voila's configuration, read from the folder Voila starts in (run it from the repository root).

    voila --no-browser .            # then open /voila/render/exercises/<notebook>.ipynb

Every setting below is explained in README.md ("Voila").
"""

from ogp_curriculum.live import voila_prelaunch_hook

c = get_config()  # noqa: F821 - injected by traitlets when Voila loads this file

# MyST roles and directives become plain Markdown, and each page gets the notebook's title.
c.VoilaConfiguration.prelaunch_hook = voila_prelaunch_hook
# A learner who closes the tab leaves an idle kernel: stop it after 10 minutes (checked every
# minute) so a shared server does not fill up with forgotten kernels.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
