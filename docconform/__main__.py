"""``python -m docconform``: the same command line as the ``docconform`` script."""

from docconform.cli import main

if __name__ == "__main__":
    main(prog_name="docconform")
