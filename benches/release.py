"""Where cargo puts this tree's release builds, for the bench scripts:
.cargo/config.toml names the host as the build target, so they are under
target/<host>/release."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_dir():
    host = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    triple = next(l.split(": ", 1)[1] for l in host.splitlines() if l.startswith("host: "))
    return os.path.join(ROOT, "target", triple, "release")
