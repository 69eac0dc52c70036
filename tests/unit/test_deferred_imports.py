"""rfc3987_syntax waits until it is used, and jsonschema still checks IRIs with it."""

from __future__ import annotations

import json
import subprocess
import sys

from ogp_curriculum.paths import repo_root

# A fresh interpreter: the order of first imports is what is tested.
PROBE = """
import json, sys
import ogp_curriculum
import jsonschema  # as altair, nbformat and Jupyter Book do
parsers_at_import = "rfc3987_syntax.syntax_helpers" in sys.modules
check = jsonschema.Draft7Validator.FORMAT_CHECKER
answers = [check.conforms(v, "iri") for v in ("https://example.org/été", "no scheme", "a b:c")]
print(json.dumps({"parsers_at_import": parsers_at_import, "answers": answers,
                  "loaded": "rfc3987_syntax.syntax_helpers" in sys.modules}))
"""


def test_the_iri_parsers_load_on_first_use_not_at_import() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=repo_root(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["parsers_at_import"] is False
    # The real parser answered: a valid IRI passes, two invalid ones fail.
    assert found["answers"] == [True, False, False]
    assert found["loaded"] is True
