"""The build needs no network once dependencies are installed (the SITE_URL build of the test
run is made under `unshare -n`: see conftest.public_build)."""
import pytest


def test_strict_build_without_network(public_build):
    if not public_build["isolated"]:
        pytest.skip("this machine does not allow a private network namespace (unshare -n)")
    assert public_build["returncode"] == 0, public_build["stderr"]
    assert "WARNING" not in public_build["stderr"]
    assert (public_build["path"] / "search" / "search_index.js").is_file()
