"""The digest's tree is RFC 6962's Merkle tree hash: the Certificate Transparency test vectors
(the first n of eight leaves), in kyodo and in tools/verify_bundle.py alike."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from persistence.chain import merkle_root

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "verify_bundle.py"
LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def _script_root() -> object:
    spec = importlib.util.spec_from_file_location("verify_bundle", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.merkle_root


@pytest.mark.parametrize("count", range(len(ROOTS)))
def test_the_tree_hash_matches_rfc6962_vectors(count: int) -> None:
    assert merkle_root(LEAVES[:count]) == ROOTS[count]
    assert _script_root()(LEAVES[:count]) == ROOTS[count]  # type: ignore[operator]
