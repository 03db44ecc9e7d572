"""`python -m generator`: the command line."""

import sys

from generator.cli import main

if __name__ == "__main__":  # a worker started with `spawn` imports this module again: it must not run the command
    sys.exit(main())
