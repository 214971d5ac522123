"""Small, generic writing operations on a `StorageLocation`, for the writer.

Everything goes through the location's pyarrow filesystem, so a writer works the same on every cloud
the storage layer knows. Object stores have no real directories: creating one is only needed (and
only done) on local disks."""

from __future__ import annotations

from pyarrow import NativeFile, fs

from pinecone_imports._storage._location import StorageError, StorageLocation


def ensure_directory(place: StorageLocation, name: str = "") -> None:
    """Makes sure the folder `name` inside `place` (or `place` itself) can receive files."""
    if place.cloud != "local":
        return
    path = place.child(name) if name else place.path
    try:
        place.filesystem.create_dir(path, recursive=True)
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {exc}") from exc


def open_output(place: StorageLocation, name: str) -> NativeFile:
    """A stream that writes the file `name` (a `/`-separated path inside `place`)."""
    try:
        return place.filesystem.open_output_stream(place.child(name))
    except OSError as exc:
        raise StorageError(f"cannot write {_uri_of(place, name)}: {exc}") from exc


def write_bytes(place: StorageLocation, name: str, data: bytes) -> None:
    """Writes a small file in one piece."""
    with open_output(place, name) as stream:
        stream.write(data)


def read_bytes(place: StorageLocation, name: str) -> bytes | None:
    """The content of a small file, or None when it does not exist."""
    try:
        with place.filesystem.open_input_stream(place.child(name)) as stream:
            data: bytes = stream.read()
            return data
    except FileNotFoundError:
        return None
    except OSError as exc:
        if file_info(place, name).type == fs.FileType.NotFound:
            return None
        raise StorageError(f"cannot read {_uri_of(place, name)}: {exc}") from exc


def file_info(place: StorageLocation, name: str) -> fs.FileInfo:
    info: fs.FileInfo = place.filesystem.get_file_info(place.child(name))
    return info


def delete_file(place: StorageLocation, name: str) -> None:
    """Deletes one file; a file that is already gone is fine."""
    try:
        place.filesystem.delete_file(place.child(name))
    except FileNotFoundError:
        pass
    except OSError as exc:
        if file_info(place, name).type != fs.FileType.NotFound:
            raise StorageError(f"cannot delete {_uri_of(place, name)}: {exc}") from exc


def _uri_of(place: StorageLocation, name: str) -> str:
    """How errors name the file `name` inside `place`: as the user wrote the location."""
    return f"{place.uri.rstrip('/')}/{name}"


def list_files(place: StorageLocation) -> list[str]:
    """Every file under `place`, as `/`-separated paths relative to it, sorted.

    A recursive listing, because object stores (GCS in particular) need not report the "folders" a
    non-recursive listing would show; a missing location lists as empty."""
    try:
        infos = place.filesystem.get_file_info(
            fs.FileSelector(place.path, recursive=True, allow_not_found=True)
        )
    except OSError as exc:
        raise StorageError(f"cannot list {place.uri}: {exc}") from exc
    prefix = place.path.rstrip("/") + "/" if place.path else ""
    names = [info.path[len(prefix) :] for info in infos if info.type == fs.FileType.File]
    return sorted(name for name in names if name)
