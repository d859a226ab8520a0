// Store's users (App, the CLI, tests) keep seeing the clock, mutex and caches that moved to
// TesseraCore through `import TesseraStore`; OAuth imports TesseraCore itself.
@_exported import TesseraCore
