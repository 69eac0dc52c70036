"""``python -m ogp_curriculum``: the book's command line."""

from ogp_curriculum.cli import main

raise SystemExit(main())
