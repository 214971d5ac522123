"""Side-by-side benchmarks of pinecone-imports against the official SDK and plain HTTP loops.

Run `python -m bench --help` (or scripts/bench); see the README's Performance section.
"""
