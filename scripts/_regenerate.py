"""Regenerate the per-version clients in generated/ from the pinned specs in spec/.

Run through `scripts/regenerate`, which provides the pinned generator environment. This is the only
way code under generated/ (and the version-pinned modules of the wrapper) changes.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _spec_diff import report as diff_report
from _spec_transforms import TRANSFORMS, prepare_for_generation

REPO = Path(__file__).resolve().parent.parent
GENERATED_ROOT_NAME = "pinecone_imports_generated"
WRAPPER_PACKAGE = Path("wrapper") / "pinecone_imports"
# Pinecone API versions are dated (`2026-07`); previews carry a suffix (`2026-01.alpha`).
VERSION_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(\.[a-z][a-z0-9]*)?$")
PINNED_MODULE = re.compile(r"^v\d{4}_\d{2}(_[a-z][a-z0-9]*)?\.py$")
UPSTREAM_REPOSITORY = "pinecone-io/pinecone-api"
TOOLS = ("openapi-python-client", "ruff")

# Formatting runs as generator post-hooks. `--isolated` keeps ruff from picking up whatever
# configuration encloses the output folder, so output is byte-identical in the repo and in a
# temporary folder (which is what --check compares).
POST_HOOKS = [
    "ruff check . --isolated --fix-only --extend-select=I --line-length=110",
    "ruff format . --isolated --line-length=110",
]


class RegenerateError(Exception):
    """A problem the user has to fix; printed without a traceback."""


@dataclass(frozen=True)
class PinnedSpec:
    version: str
    file: str  # relative to spec/
    sha256: str
    upstream: str

    @property
    def package(self) -> str:
        return package_for(self.version)


def package_for(version: str) -> str:
    """The package (and pinned wrapper module) name of a version: `2026-01.alpha` -> `v2026_01_alpha`."""
    return "v" + version.replace("-", "_").replace(".", "_")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spec_file_name(version: str) -> str:
    return f"{version}/db_data_{version}.oas.yaml"


# --- the lock -----------------------------------------------------------------------------------


def read_lock(repo: Path) -> tuple[dict[str, str], list[PinnedSpec]]:
    lock_path = repo / "spec" / "spec.lock.json"
    try:
        raw = json.loads(lock_path.read_text())
    except FileNotFoundError as exc:
        raise RegenerateError(f"{lock_path} is missing; restore it from git") from exc
    tools = dict(raw["tools"])
    specs = [PinnedSpec(version=v, **entry) for v, entry in raw["versions"].items()]
    specs.sort(key=lambda s: s.version)
    return tools, specs


def write_lock(repo: Path, tools: dict[str, str], specs: list[PinnedSpec]) -> None:
    body = {
        "comment": (
            "Pinned inputs of scripts/regenerate. Change only through `scripts/regenerate --add PATH`; "
            "a spec whose sha256 differs from this file is refused."
        ),
        "tools": tools,
        "versions": {
            s.version: {"file": s.file, "sha256": s.sha256, "upstream": s.upstream}
            for s in sorted(specs, key=lambda s: s.version)
        },
    }
    (repo / "spec" / "spec.lock.json").write_text(json.dumps(body, indent=2) + "\n")


def check_tools(tools: dict[str, str]) -> None:
    for name in TOOLS:
        have = installed_version(name)
        if have != tools[name]:
            raise RegenerateError(
                f"{name} {have} is installed but spec/spec.lock.json pins {tools[name]}; "
                "delete .tools/ and run scripts/regenerate again (it reinstalls requirements/regenerate.lock)"
            )


def check_pins(repo: Path, specs: list[PinnedSpec]) -> None:
    for spec in specs:
        path = repo / "spec" / spec.file
        if not path.is_file():
            raise RegenerateError(f"spec/{spec.file} is pinned in spec/spec.lock.json but missing")
        actual = sha256_of(path)
        if actual != spec.sha256:
            raise RegenerateError(
                f"spec/{spec.file} changed since it was pinned (lock sha256 {spec.sha256[:12]}…, "
                f"file sha256 {actual[:12]}…).\n"
                f"  If the change is intended, re-pin it with: scripts/regenerate --add spec/{spec.file}\n"
                f"  Otherwise restore it with: git checkout -- spec/{spec.file}"
            )


# --- generation ---------------------------------------------------------------------------------


def load_spec(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise RegenerateError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or "openapi" not in document:
        raise RegenerateError(f"{path} is not an OpenAPI document (no 'openapi' key)")
    return document


def header_for(spec: PinnedSpec) -> str:
    transforms = ", ".join(t.__name__ for t in TRANSFORMS)
    return (
        f"# Generated by scripts/regenerate from spec/{spec.file}\n"
        f"# (sha256 {spec.sha256}) with openapi-python-client; spec transforms: {transforms}.\n"
        "# Do not edit: change the spec and run scripts/regenerate.\n"
    )


def generate_version(spec: PinnedSpec, repo: Path, out_dir: Path) -> None:
    """Generate one version's package into out_dir / spec.package."""
    document = prepare_for_generation(load_spec(repo / "spec" / spec.file))
    with tempfile.TemporaryDirectory(prefix=f"regen-{spec.version}-") as work:
        work_dir = Path(work)
        (work_dir / "spec.json").write_text(json.dumps(document, indent=1, sort_keys=True))
        config = {"package_name_override": spec.package, "post_hooks": POST_HOOKS}
        (work_dir / "config.json").write_text(json.dumps(config))
        target = work_dir / spec.package
        result = subprocess.run(
            [
                "openapi-python-client",
                "generate",
                "--path",
                str(work_dir / "spec.json"),
                "--config",
                str(work_dir / "config.json"),
                "--meta",
                "none",
                "--output-path",
                str(target),
                "--fail-on-warning",
            ],
            capture_output=True,
            text=True,
            cwd=work_dir,
            check=False,
        )
        if result.returncode != 0 or not (target / "__init__.py").is_file():
            raise RegenerateError(
                f"openapi-python-client failed for {spec.version}:\n{result.stdout}\n{result.stderr}"
            )
        shutil.rmtree(target / ".ruff_cache", ignore_errors=True)
        header = header_for(spec)
        for py_file in sorted(target.rglob("*.py")):
            py_file.write_text(header + py_file.read_text())
        shutil.copytree(target, out_dir / spec.package)


def registry_module(specs: list[PinnedSpec]) -> str:
    lines = [
        "# Generated by scripts/regenerate from spec/spec.lock.json. Do not edit.",
        '"""Per-version clients generated from the pinned Pinecone `db_data` specs.',
        "",
        "Each subpackage is one API version; import only the one you use. `API_VERSIONS` lists them,",
        "oldest first, `SPEC_SHA256` records which pinned spec file each was generated from, and",
        '`PACKAGES` names the subpackage of each."""',
        "",
        "API_VERSIONS: tuple[str, ...] = (",
        *(f'    "{s.version}",' for s in specs),
        ")",
        "",
        "SPEC_SHA256: dict[str, str] = {",
        *(f'    "{s.version}": "{s.sha256}",' for s in specs),
        "}",
        "",
        "PACKAGES: dict[str, str] = {",
        *(f'    "{s.version}": "{s.package}",' for s in specs),
        "}",
        "",
    ]
    return "\n".join(lines)


def pinned_wrapper_module(version: str) -> str:
    return (
        f"# Written by scripts/regenerate for API version {version}. Do not edit.\n"
        f'"""pinecone-imports clients pinned to Pinecone API version {version}.\n'
        "\n"
        f"`from pinecone_imports.{package_for(version)} import ImportsClient` always talks {version},\n"
        'whatever the package default becomes later."""\n'
        "\n"
        "from pinecone_imports._client._pinned import pinned_clients\n"
        "\n"
        f'API_VERSION = "{version}"\n'
        "ImportsClient, AsyncImportsClient = pinned_clients(API_VERSION)\n"
        "\n"
        '__all__ = ["API_VERSION", "AsyncImportsClient", "ImportsClient"]\n'
    )


def build_tree(repo: Path, specs: list[PinnedSpec], only: set[str] | None, out: Path) -> None:
    """Write the complete expected output under `out`, mirroring the repo's layout.

    With `only`, versions outside it are copied from the repo's current generated/ instead of
    being regenerated.
    """
    package_root = out / "generated" / GENERATED_ROOT_NAME
    package_root.mkdir(parents=True)
    for spec in specs:
        if only is None or spec.version in only:
            generate_version(spec, repo, package_root)
        else:
            existing = repo / "generated" / GENERATED_ROOT_NAME / spec.package
            if existing.is_dir():
                shutil.copytree(existing, package_root / spec.package, ignore=_ignore_caches)
    (package_root / "__init__.py").write_text(registry_module(specs))
    (package_root / "py.typed").write_text("")
    wrapper_dir = out / WRAPPER_PACKAGE
    wrapper_dir.mkdir(parents=True)
    for spec in specs:
        (wrapper_dir / f"{spec.package}.py").write_text(pinned_wrapper_module(spec.version))


def _ignore_caches(_dir: str, names: list[str]) -> set[str]:
    return {n for n in names if n in ("__pycache__", ".ruff_cache") or n.endswith(".pyc")}


def _files(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ruff_cache" not in p.parts
    }


def _pinned_module_names(repo: Path) -> set[str]:
    """Version-pinned wrapper modules currently in the repo (written by this script)."""
    wrapper_dir = repo / WRAPPER_PACKAGE
    if not wrapper_dir.is_dir():
        return set()
    return {p.name for p in wrapper_dir.glob("v*.py") if PINNED_MODULE.match(p.name)}


def compare(repo: Path, expected: Path) -> list[str]:
    """Every file that differs between the expected output and the repo, as readable lines."""
    problems: list[str] = []
    gen_rel = Path("generated") / GENERATED_ROOT_NAME
    have, want = _files(repo / gen_rel), _files(expected / gen_rel)
    for name in sorted(want - have):
        problems.append(f"missing   {gen_rel / name}")
    for name in sorted(have - want):
        problems.append(f"unexpected {gen_rel / name}")
    for name in sorted(have & want):
        if not filecmp.cmp(repo / gen_rel / name, expected / gen_rel / name, shallow=False):
            problems.append(f"differs   {gen_rel / name}")
    have_pinned = _pinned_module_names(repo)
    want_pinned = {p.name for p in (expected / WRAPPER_PACKAGE).glob("*.py")}
    for name in sorted(want_pinned - have_pinned):
        problems.append(f"missing   {WRAPPER_PACKAGE / name}")
    for name in sorted(have_pinned - want_pinned):
        problems.append(f"unexpected {WRAPPER_PACKAGE / name}")
    for name in sorted(have_pinned & want_pinned):
        if not filecmp.cmp(repo / WRAPPER_PACKAGE / name, expected / WRAPPER_PACKAGE / name, shallow=False):
            problems.append(f"differs   {WRAPPER_PACKAGE / name}")
    return problems


def show_diff(repo: Path, expected: Path, relative: str, limit: int = 40) -> str:
    try:
        old = (repo / relative).read_text().splitlines()
    except FileNotFoundError:
        old = []
    new = (expected / relative).read_text().splitlines()
    diff = list(difflib.unified_diff(old, new, f"repo/{relative}", f"regenerated/{relative}", lineterm=""))
    return "\n".join(diff[:limit])


def install_tree(repo: Path, expected: Path, specs: list[PinnedSpec], only: set[str] | None) -> None:
    gen_dir = repo / "generated" / GENERATED_ROOT_NAME
    gen_dir.mkdir(parents=True, exist_ok=True)
    wanted_packages = {s.package for s in specs}
    for child in list(gen_dir.iterdir()):
        if child.is_dir() and child.name.startswith("v") and child.name not in wanted_packages:
            shutil.rmtree(child)
    for spec in specs:
        if only is not None and spec.version not in only:
            continue
        target = gen_dir / spec.package
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(expected / "generated" / GENERATED_ROOT_NAME / spec.package, target)
    for name in ("__init__.py", "py.typed"):
        shutil.copy2(expected / "generated" / GENERATED_ROOT_NAME / name, gen_dir / name)
    wrapper_dir = repo / WRAPPER_PACKAGE
    for stale in _pinned_module_names(repo) - {f"{s.package}.py" for s in specs}:
        (wrapper_dir / stale).unlink()
    for spec in specs:
        shutil.copy2(expected / WRAPPER_PACKAGE / f"{spec.package}.py", wrapper_dir / f"{spec.package}.py")


# --- commands -----------------------------------------------------------------------------------


def select(specs: list[PinnedSpec], names: list[str]) -> set[str] | None:
    if not names:
        return None
    known = {s.version for s in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RegenerateError(
            f"not pinned: {', '.join(unknown)}. Pinned versions: {', '.join(sorted(known))}. "
            "Pin a new one with scripts/regenerate --add PATH"
        )
    return set(names)


def run_regenerate(repo: Path, names: list[str]) -> int:
    tools, specs = read_lock(repo)
    check_tools(tools)
    check_pins(repo, specs)
    only = select(specs, names)
    with tempfile.TemporaryDirectory(prefix="regenerate-") as tmp:
        expected = Path(tmp)
        build_tree(repo, specs, only, expected)
        install_tree(repo, expected, specs, only)
    done = sorted(only) if only else [s.version for s in specs]
    print(f"regenerated {', '.join(done)} into generated/{GENERATED_ROOT_NAME}/")
    return 0


def run_check(repo: Path) -> int:
    tools, specs = read_lock(repo)
    check_tools(tools)
    check_pins(repo, specs)
    with tempfile.TemporaryDirectory(prefix="regenerate-check-") as tmp:
        expected = Path(tmp)
        build_tree(repo, specs, None, expected)
        problems = compare(repo, expected)
        if problems:
            print("generated code drifted from the pinned specs:", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
            first = next((p.split(maxsplit=1)[1] for p in problems if p.startswith("differs")), None)
            if first:
                print(show_diff(repo, expected, first), file=sys.stderr)
            print(
                "Generated code is never edited by hand: run scripts/regenerate and commit the result.",
                file=sys.stderr,
            )
            return 1
    print(f"generated code matches the pinned specs ({len(specs)} versions)")
    return 0


def run_add(repo: Path, source: Path) -> int:
    tools, specs = read_lock(repo)
    check_tools(tools)
    source = source.resolve()
    if not source.is_file():
        raise RegenerateError(f"{source} does not exist")
    document = load_spec(source)
    version = str(document.get("info", {}).get("version", ""))
    if not VERSION_PATTERN.match(version):
        raise RegenerateError(
            f"{source}: info.version is {version!r}; expected a Pinecone API version such as 2026-07 "
            "or 2026-01.alpha"
        )
    try:
        prepare_for_generation(document)
    except ValueError as exc:
        raise RegenerateError(f"{source}: {exc}") from exc
    relative = spec_file_name(version)
    destination = repo / "spec" / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    if source != destination.resolve():
        shutil.copyfile(source, destination)
    pinned = PinnedSpec(
        version=version,
        file=relative,
        sha256=sha256_of(destination),
        upstream=f"{UPSTREAM_REPOSITORY}: {version}/db_data_{version}.oas.yaml",
    )
    others = [s for s in specs if s.version != version]
    action = "re-pinned" if len(others) < len(specs) else "pinned"
    specs = sorted([*others, pinned], key=lambda s: s.version)
    check_pins(repo, others)
    write_lock(repo, tools, specs)
    with tempfile.TemporaryDirectory(prefix="regenerate-add-") as tmp:
        expected = Path(tmp)
        build_tree(repo, specs, {version}, expected)
        install_tree(repo, expected, specs, {version})
    print(f"{action} {version} (spec/{relative}, sha256 {pinned.sha256[:12]}…) and regenerated it")
    print(f"the wrapper now offers api_version='{version}' and pinecone_imports.{pinned.package}")
    return 0


def run_diff(repo: Path, old: str, new: str) -> int:
    """Print what changed in the bulk section between two pinned versions."""
    _tools, specs = read_lock(repo)
    select(specs, [old, new])
    by_version = {s.version: s for s in specs}
    check_pins(repo, [by_version[old], by_version[new]])
    old_spec = load_spec(repo / "spec" / by_version[old].file)
    new_spec = load_spec(repo / "spec" / by_version[new].file)
    try:
        print(diff_report(old, old_spec, new, new_spec))
    except ValueError as exc:
        raise RegenerateError(str(exc)) from exc
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/regenerate",
        description="Regenerate generated/ from the pinned specs in spec/ (all versions, or those named).",
    )
    parser.add_argument("versions", nargs="*", help="API versions to regenerate, e.g. 2025-10")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="regenerate into a temporary folder and compare; exit 1 on drift"
    )
    mode.add_argument(
        "--add",
        metavar="PATH",
        type=Path,
        help="pin a new or changed spec file (a full upstream db_data file or a bulk-only one) and "
        "regenerate it; the version comes from info.version (2026-07, 2026-01.alpha)",
    )
    mode.add_argument(
        "--diff",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="print what changed in the bulk section between two pinned versions (operations, "
        "parameters, fields, required-ness, enums, defaults); generates nothing",
    )
    args = parser.parse_args(argv)
    repo = REPO
    try:
        if args.check:
            if args.versions:
                parser.error("--check always checks every pinned version")
            return run_check(repo)
        if args.add:
            if args.versions:
                parser.error("--add takes only the spec path")
            return run_add(repo, args.add)
        if args.diff:
            if args.versions:
                parser.error("--diff takes exactly two pinned versions: --diff OLD NEW")
            return run_diff(repo, *args.diff)
        return run_regenerate(repo, args.versions)
    except RegenerateError as exc:
        print(f"scripts/regenerate: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
