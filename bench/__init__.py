"""Side-by-side benchmarks of pinecone-imports against the official SDK and plain HTTP loops, and of
the preflight validator and local import server against pyarrow and the project's targets.

Run `python -m bench --help` (or scripts/bench); see the README's Performance section.
"""
