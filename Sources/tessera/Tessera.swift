import ArgumentParser
import TesseraTelemetry

/// `tessera`: one executable for serving and for the operator's tools: secrets, keys, tokens,
/// database migrations, clients, and the version.
struct Tessera: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "A standalone OAuth 2.0 client-credentials token service.",
        version: BuildInfo.line,
        subcommands: [Serve.self, SecretCommand.self, KeysCommand.self, TokenCommand.self, MigrateCommand.self, ClientCommand.self, VersionCommand.self]
    )
}
