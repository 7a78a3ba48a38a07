"""The action's stdout and stderr are its activation logs; the invoker reads each stream up to the sentinel line."""

import os
import sys

SENTINEL = b'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n'


def flush_streams():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:  # a stream the action closed or replaced cannot be flushed; nothing is lost by skipping it
            pass


def _write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def write_sentinels():
    """Marks the end of one activation's logs on both streams, after everything the action wrote before it."""
    flush_streams()
    _write_all(1, SENTINEL)
    _write_all(2, SENTINEL)


def line_buffered():
    """print() reaches the logs line by line, so what an action printed before a timeout is not lost."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True)
        except (AttributeError, ValueError):
            pass
