"""The `pinecone-imports` command line, built on typer (parsing, help) and rich (tables, progress).

It is an optional part (`pip install 'pinecone-imports[cli]'`) and talks to the service only
through ImportsClient. Layout, one job per module:

- `_run`: runs one command line and turns every failure into an exit code and one line;
- `_app`: the command tree and the global options; `_commands/`: one module per command
  (see its docstring to add one);
- `_session`: the global options and the client made from them; `_options`: shared options;
- `_report` (the Reporter commands print through), `_render`, `_documents`, `_output`: how
  results are printed as text, tables or JSON;
- `_progress`, `_waiting`: following an import until it finishes;
- `_failures`, `_exit_codes`, `_redaction`: errors, exit codes, keeping the API key out of output.

Modules that need rich or the client are imported only when a command runs, so `--help` stays fast.
"""
