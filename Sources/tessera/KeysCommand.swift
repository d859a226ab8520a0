import ArgumentParser
import Foundation
import TesseraApp
import TesseraConfig

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the Ed25519 signing keys of keys.directory.",
        subcommands: [Rotate.self]
    )

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new signing key, published now and signing once every cached JWKS knows it.",
            discussion: """
                The new key activates 600 s after it is written (the JWKS is cached for at most 300 s); \
                running servers pick it up within 10 s, or at once on SIGHUP. Older keys stay published \
                until every token they signed has expired (tokens.ttl + 30 s after the next key activated); \
                files of keys retired by then are deleted. Prints the new key's kid and activation time.
                """)

        @Option(help: "The config file (default ./config.yaml; built-in defaults when that file does not exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            let now = Int64(Date().timeIntervalSince1970)
            let outcome: KeyRotation.Outcome
            do {
                outcome = try KeyRotation.rotate(
                    directory: loaded.keys.directory, ttl: Int64(loaded.tokens.ttl.components.seconds), now: now,
                    policy: .fromEnvironment())
            } catch {
                printError("tessera keys rotate: keys.directory \(loaded.keys.directory): \(error)")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
            let formatter = ISO8601DateFormatter()
            let when = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(outcome.activation)))
            print("kid \(outcome.keyID)")
            print("activation \(outcome.activation) \(when)")
            for path in outcome.removed { print("removed \(path)") }
        }
    }
}
