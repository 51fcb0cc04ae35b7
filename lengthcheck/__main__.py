import sys

from lengthcheck.cli import main

sys.exit(main())
