"""`make test`'s two workers keep each ``xdist_group`` on one worker.

The suite leans on it: the shared browser pass (e2e/every_page.py) and each query-ceiling town
(conftest.py) are built once, by the one worker that runs every test of their group. If the
grouping silently stops (pytest 9.2 renamed the attribute pytest-xdist 3.8 writes the group
into, so every group was split and both workers built the same things), the suite still passes
but takes minutes longer. This runs a small suite the way `make test` does and checks it.
"""

import re
import subprocess
import sys

GROUPED = """
import pytest

@pytest.mark.xdist_group("together")
def test_first(): pass

@pytest.mark.xdist_group("together")
def test_second(): pass

@pytest.mark.xdist_group("together")
def test_third(): pass

def test_anywhere(): pass
"""


def test_tests_of_one_group_run_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not the project's settings
    pytest = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:django"]
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [*pytest, "-n", "2", "--dist", "loadgroup", "-v", "test_grouped.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test_grouped.py::test_first@together" in result.stdout, "pytest-xdist did not see the group"
    workers = {
        test: worker
        for worker, test in re.findall(r"\[(gw\d)\][^\n]*PASSED test_grouped\.py::(test_\w+)", result.stdout)
    }
    assert set(workers) == {"test_first", "test_second", "test_third", "test_anywhere"}, result.stdout
    assert workers["test_first"] == workers["test_second"] == workers["test_third"], workers
