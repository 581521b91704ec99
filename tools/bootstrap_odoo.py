"""Find or set up the Odoo 18 that `make run` and `make test` use.

Prints the path of a Python that imports Odoo 18 on its last line of standard output;
everything else (what it does, how long it took) goes to standard error.

1. When the given Python already imports Odoo 18, that Python is used: nothing is
   downloaded or installed.
2. Otherwise the project's own virtual environment (``.cache/venv``) is used, and built
   the first time: Odoo 18.0 Community is obtained (``ODOO_SOURCE``: a local source
   folder, a git URL or a tarball, path or URL; by default the pinned archive of
   ``tools/odoo_version.txt``), Odoo's ``requirements.txt`` is installed with the fixes
   this project knows of, then the addon's own Python dependencies, and the source is
   put on the environment's path. A second run finds the environment ready (a stamp
   records the source and requirements it was built from) and takes seconds.

Only the standard library is used, so any Python 3.10+ can run it.
Usage: bootstrap_odoo.py --cache DIR [--python PYTHON]
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "tools" / "odoo_version.txt"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".tar", ".zip")
# The addon's external_dependencies (__manifest__.py), installed with Odoo's.
ADDON_REQUIREMENTS = ["phonenumbers"]
STAMP_NAME = ".b2b-odoo-stamp.json"
VERSION_CODE = "import sys; print('%d.%d' % sys.version_info[:2])"


class StepError(Exception):
    """A step failed: the message says what and how to retry; no traceback is shown."""


def log(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def read_pins():
    pins = {}
    for line in VERSION_FILE.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            pins[key] = value
    return pins


def imports_odoo18(python):
    """True when ``python`` imports Odoo 18 (the check of the project's commands)."""
    if not python or not shutil.which(python) and not Path(python).exists():
        return False
    code = "import odoo.release, sys; sys.exit(odoo.release.version_info[0] != 18)"
    result = subprocess.run(
        [python, "-c", code], capture_output=True, check=False, timeout=120
    )
    return result.returncode == 0


def run(cmd, step, retry, **kwargs):
    log("$ " + " ".join(str(part) for part in cmd))
    kwargs.setdefault("stdout", sys.stderr)  # standard output carries only the result
    try:
        subprocess.run([str(part) for part in cmd], check=True, **kwargs)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StepError(f"{step} failed ({exc}). Retry with: {retry}") from exc


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(packages, why):
    """Install Debian packages as root, or say exactly what to install."""
    command = "apt-get install -y " + " ".join(packages)
    if is_root() and shutil.which("apt-get"):
        log(f"Installing {', '.join(packages)} ({why})")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-qq"], "apt-get update", "apt-get update", env=env)
        run(["apt-get", "install", "-y", "-qq", *packages], why, command, env=env)
        return
    raise StepError(
        f"{why}: install them first, e.g. `sudo {command}`, then run again."
    )


# -- where Odoo comes from -------------------------------------------------------------


def source_kind(spec):
    if Path(spec).is_dir():
        return "folder"
    lowered = spec.lower().split("?", 1)[0]
    if lowered.endswith(ARCHIVE_SUFFIXES):
        return "archive"
    if (
        lowered.endswith(".git")
        or spec.startswith(("git@", "git+", "ssh://", "git://", "file://"))
        or Path(spec, ".git").exists()
    ):
        return "git"
    raise StepError(
        f"ODOO_SOURCE={spec!r} is neither a source folder, a git URL (ending in .git) "
        f"nor an archive ({', '.join(ARCHIVE_SUFFIXES)})."
    )


def find_source_root(folder):
    """The folder holding odoo/release.py (an archive has one top folder)."""
    folder = Path(folder)
    if (folder / "odoo" / "release.py").exists():
        return folder
    for child in sorted(folder.iterdir()):
        if (child / "odoo" / "release.py").exists():
            return child
    raise StepError(f"No Odoo source (odoo/release.py) found in {folder}.")


def check_series(source_root):
    text = (source_root / "odoo" / "release.py").read_text()
    match = re.search(r"^version_info\s*=\s*\(\s*(\d+)\s*,", text, re.MULTILINE)
    major = match and int(match.group(1))
    if major != 18:
        raise StepError(f"{source_root} holds Odoo {major}, not Odoo 18.0.")
    return source_root


def download(url, target):
    if Path(url).exists():
        return Path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        log(f"Reusing the downloaded {target.name}")
        return target
    log(f"Downloading {url} (about 350 MB, a few minutes)")
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with (
            urllib.request.urlopen(url, timeout=60) as response,
            partial.open("wb") as out,
        ):
            shutil.copyfileobj(response, out, length=1 << 20)
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StepError(
            f"download of {url} failed ({exc}). Retry the same command, or set "
            "ODOO_SOURCE to an Odoo 18 source folder, git URL or archive you have."
        ) from exc
    partial.rename(target)
    return target


def extract(archive, folder):
    if folder.exists():
        return find_source_root(folder)
    log(f"Unpacking {archive.name} into {folder}")
    partial = folder.with_name(folder.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        if archive.name.lower().endswith(".zip"):
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(partial)
        else:
            with tarfile.open(archive) as tarred:
                try:
                    tarred.extractall(partial, filter="data")
                except TypeError:  # Python before 3.11.4 has no extraction filters
                    tarred.extractall(partial)
    except (OSError, tarfile.TarError, zipfile.BadZipFile) as exc:
        raise StepError(f"{archive} could not be unpacked ({exc})") from exc
    partial.rename(folder)
    return find_source_root(folder)


def clone(url, ref, folder):
    if (folder / "odoo" / "release.py").exists():
        return folder
    if not shutil.which("git"):
        apt_install(["git"], "git is needed to fetch Odoo")
    shutil.rmtree(folder, ignore_errors=True)
    log(f"Fetching Odoo {ref} from {url} (shallow clone, a few minutes)")
    run(
        ["git", "clone", "--depth", "1", "--branch", ref, url, folder],
        "git clone",
        f"git clone --depth 1 --branch {ref} {url}",
    )
    return folder


def obtain_source(spec, cache, pins):
    kind = source_kind(spec)
    digest = hashlib.sha1(spec.encode()).hexdigest()[:10]
    if kind == "folder":
        return check_series(find_source_root(Path(spec).resolve()))
    if kind == "git":
        ref = os.environ.get("ODOO_REF") or pins.get("git_ref", "18.0")
        return check_series(clone(spec, ref, cache / "odoo" / f"git-{digest}"))
    name = Path(spec.split("?", 1)[0]).name
    try:
        archive = download(spec, cache / "downloads" / name)
    except StepError:
        if spec != pins.get("source") or not pins.get("git"):
            raise
        # The dated nightly archive is only served for a while: fall back to the branch.
        log(
            f"The pinned archive is not served any more; fetching {pins['git']} instead"
        )
        return obtain_source(pins["git"], cache, pins)
    return check_series(extract(archive, cache / "odoo" / f"archive-{digest}"))


# -- the virtual environment --------------------------------------------------------


def fixed_requirements(source_root):
    """Odoo's requirements.txt with the fixes this project knows of."""
    lines = []
    for line in (source_root / "requirements.txt").read_text().splitlines():
        name = re.split(r"[=<>;\s\[]", line.strip(), maxsplit=1)[0].lower()
        if name == "cbor2" and "5.4.2" in line:
            # 5.4.2 does not build with current setuptools on Python 3.11
            line = line.replace("5.4.2", "5.6.2")
        elif name == "python-ldap":
            # only Odoo's auth_ldap uses it, and it needs libldap/libsasl headers
            continue
        elif name == "psycopg2":
            # the same version as a binary wheel: no compiler or libpq headers needed
            line = line.replace("psycopg2", "psycopg2-binary", 1)
        lines.append(line)
    return "\n".join(lines + ADDON_REQUIREMENTS) + "\n"


def ask_python(python, code):
    """What ``python`` prints for ``code`` (its version, its paths...)."""
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=False
    ).stdout.strip()


def python_version(python):
    return tuple(int(part) for part in ask_python(python, VERSION_CODE).split("."))


def ensure_venv(base_python, venv):
    python = venv / "bin" / "python"
    if python.exists():
        return python
    if ask_python(base_python, "import ensurepip, venv; print('ok')") != "ok":
        minor = ask_python(base_python, VERSION_CODE)
        apt_install([f"python{minor}-venv"], "Python's venv module is missing")
    log(f"Creating the virtual environment {venv}")
    run(
        [base_python, "-m", "venv", venv],
        "python -m venv",
        f"{base_python} -m venv {venv}",
    )
    return python


def link_source(python, source_root):
    site = ask_python(python, "import sysconfig; print(sysconfig.get_path('purelib'))")
    Path(site, "odoo18-source.pth").write_text(f"{source_root}\n")


def build(base_python, cache, spec, pins):
    started = time.monotonic()
    source_root = obtain_source(spec, cache, pins)
    log(f"Odoo source: {source_root}")
    venv = cache / "venv"
    stamp_path = venv / STAMP_NAME
    requirements = fixed_requirements(source_root)
    stamp = {
        "source": str(source_root),
        "requirements": hashlib.sha1(requirements.encode()).hexdigest(),
    }
    python = venv / "bin" / "python"
    if python.exists() and stamp_path.exists():
        if json.loads(stamp_path.read_text()) == stamp and imports_odoo18(str(python)):
            log(f"Reusing {venv} (Odoo from {source_root})")
            return python
        log(f"{venv} was built from another source or requirements: rebuilding it")
        shutil.rmtree(venv)
    python = ensure_venv(base_python, venv)
    if not (3, 10) <= python_version(python) <= (3, 12):
        log("Odoo 18 supports Python 3.10 to 3.12; this one may fail to install")
    req_file = venv / "odoo-requirements.txt"
    req_file.write_text(requirements)
    log("Installing Odoo's Python requirements (a few minutes the first time)")
    run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--upgrade",
            "pip",
            "setuptools",
            "wheel",
        ],
        "pip upgrade",
        f"{python} -m pip install --upgrade pip",
    )
    retry = f"{python} -m pip install -r {req_file}"
    try:
        run(
            [python, "-m", "pip", "install", "-q", "-r", req_file], "pip install", retry
        )
    except StepError as exc:
        raise StepError(
            f"{exc}\n   A package without a wheel for this Python needs a compiler and "
            "headers: apt-get install build-essential python3-dev libpq-dev "
            "libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev libjpeg-dev"
        ) from exc
    link_source(python, source_root)
    if not imports_odoo18(str(python)):
        raise StepError(f"{python} still cannot import Odoo 18 from {source_root}.")
    stamp_path.write_text(json.dumps(stamp))
    log(f"Odoo 18 is ready in {venv} ({time.monotonic() - started:.0f} s)")
    return python


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True, type=Path)
    parser.add_argument("--python", default=os.environ.get("PYTHON") or "python3")
    args = parser.parse_args()
    pins = read_pins()
    spec = os.environ.get("ODOO_SOURCE") or pins["source"]
    if not os.environ.get("ODOO_SOURCE") and imports_odoo18(args.python):
        print(shutil.which(args.python) or args.python)
        return 0
    base_python = shutil.which(args.python) or args.python
    if not Path(base_python).exists():
        raise StepError(f"{args.python} not found: install Python 3 (3.10 to 3.12).")
    print(build(base_python, args.cache.resolve(), spec, pins))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StepError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a message naming what failed, not a traceback
        if os.environ.get("B2B_DEBUG"):
            raise
        print(
            f"ERROR: setting up Odoo 18 failed unexpectedly ({error!r}). Run the same "
            "command again; B2B_DEBUG=1 shows the traceback; removing .cache/venv "
            "starts the set-up anew.",
            file=sys.stderr,
        )
        sys.exit(1)
