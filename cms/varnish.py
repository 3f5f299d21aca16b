"""Varnish as shipped: ``deploy/varnish.vcl`` with the parameters in ``deploy/varnishd.params``.

For whatever starts its own varnishd in front of the app on this machine: the front-cache test
and ``bench/http_throughput.py`` (``make run-cached`` reads the same files). Plain Python, so the
bench can use it without Django's settings.
"""

import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
VCL = DEPLOY / "varnish.vcl"
PARAMETERS = DEPLOY / "varnishd.params"

BACKEND = re.compile(r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";')


def vcl_for_backend(port, host="127.0.0.1"):
    """The shipped VCL with its backend at host:port."""
    text, changed = BACKEND.subn(rf'\g<1>"{host}";\g<2>"{port}";', VCL.read_text())
    if changed != 1:
        raise ValueError(f"{VCL} no longer has the one `backend default` block with .host and .port")
    return text


def parameters():
    """The shipped run-time parameters as varnishd arguments: ["-p", "name=value", ...]."""
    arguments = []
    for line in PARAMETERS.read_text().splitlines():
        setting = line.split("#", 1)[0].strip()
        if setting:
            arguments += ["-p", setting]
    return arguments
