"""Entry point of ``python -m nnguide``."""

import sys

from nnguide.cli import main

if __name__ == "__main__":
    sys.exit(main())
