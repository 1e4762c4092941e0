"""Result files that a killed or skipped run may have left missing or cut short."""
import json
import os


def read_json(path, default=None):
    """The file's JSON, or `default` when it cannot be read or is not complete JSON (a killed run;
    said on stdout)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError:
        return default
    except ValueError:
        print("skipping %s: not complete JSON (was the run killed?)" % path)
        return default


def read_json_lines(path):
    """One JSON value per line; a missing file is empty, a cut-short line is skipped (and said)."""
    out = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    if line.strip():
                        print("skipping a cut-short line of %s" % path)
    return out
