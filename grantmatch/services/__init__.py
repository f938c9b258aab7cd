"""Use cases shared by the web app, the CLI and scheduled jobs (they take a db session)."""
