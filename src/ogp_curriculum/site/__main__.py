"""``python -m ogp_curriculum.site``: fetch and verify the site's pinned JavaScript.

`make book` runs it before Jupyter Book, so an offline machine fails in seconds, in one line.
"""

import sys

from ogp_curriculum.site.vendor import main

sys.exit(main())
