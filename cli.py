"""`python cli.py …` works like the installed `autofill` command."""
from autofill.cli import main

if __name__ == "__main__":
    main()
