"""Atomic outputs, as every output of the project: write under a temporary name in the same
folder, then rename, so that no reader ever sees a half-written file under its final name."""
import os


def part_name(path):
    return "%s.part%d" % (path, os.getpid())


def write_text(path, text):
    tmp = part_name(path)
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def save_figure(fig, path, **kwargs):
    """matplotlib's savefig to PATH through a temporary name (format given: the name hides it)."""
    tmp = part_name(path)
    try:
        fig.savefig(tmp, format="png", **kwargs)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
