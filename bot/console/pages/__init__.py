"""Console pages: each module with `add_routes(router, prefix)` is loaded by
bot.console.setup_console (see bot/console/__init__.py)."""
