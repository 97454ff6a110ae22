"""Entry point of ``python -m nnguide``."""

import sys

from nnguide.cli import main

sys.exit(main())
