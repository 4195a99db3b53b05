"""One function per command: load the inputs, call the library, write the run.

The jobs (and the CLI above them) are the only code that joins packages; every library package
below imports only from the packages beneath it.
"""

from redhanded.jobs.common import load_configured
from redhanded.jobs.demo import run_demo
from redhanded.jobs.extract import run_extract
from redhanded.jobs.honeypots import run_honeypots
from redhanded.jobs.organism import run_organism_train, run_organism_validate
from redhanded.jobs.probe import run_probe_eval, run_probe_train

__all__ = [
    "load_configured",
    "run_demo",
    "run_extract",
    "run_honeypots",
    "run_organism_train",
    "run_organism_validate",
    "run_probe_eval",
    "run_probe_train",
]
