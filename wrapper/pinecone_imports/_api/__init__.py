"""What the bulk import API is, per version: the registry of pinned versions and the spec's rules.

Every layer asks here (the client's input checks, the validator, the local server, the writer), so a
rule that changes between versions changes in one place."""
