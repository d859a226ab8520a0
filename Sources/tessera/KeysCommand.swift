import ArgumentParser
import Foundation
import TesseraApp
import TesseraConfig
import TesseraJOSE

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the signing keys of keys.directory.",
        subcommands: [Rotate.self, HS256Kid.self]
    )

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new signing key of tokens.algorithm, published now and signing once every cached JWKS knows it.",
            discussion: """
                The new key (ed25519-, es256- or rs256-<activation>.pem after tokens.algorithm) activates 600 s \
                after it is written (the JWKS is cached for at most 300 s); running servers pick it up within \
                10 s, or at once on SIGHUP. Older keys stay published until every token they signed has expired \
                (tokens.ttl + 30 s after the next key activated); files of keys retired by then are deleted. \
                Prints the new key's kid and activation time. HS256 has no key files: change keys.hs256_secret.
                """)

        @Option(help: "The config file (default ./config.yaml, which must exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            // Without a config file the built-in keys.directory (./keys) would be a folder made
            // wherever the command happens to run, which no server reads.
            guard loaded.sourceFile != nil else {
                printError("tessera keys rotate: no config file: ./config.yaml does not exist and neither --config nor TESSERA_CONFIG names one; give the config of the servers whose keys.directory to rotate")
                throw Reported(code: ExitStatus.usage)
            }
            guard let type = KeySet.jwsAlgorithm(loaded.tokens.algorithm).keyType else {
                printError("tessera keys rotate: tokens.algorithm is HS256, which signs with keys.hs256_secret, not a key file")
                throw Reported(code: ExitStatus.usage)
            }
            let now = Int64(Date().timeIntervalSince1970)
            let outcome: KeyRotation.Outcome
            do {
                outcome = try KeyRotation.rotate(
                    directory: loaded.keys.directory, ttl: Int64(loaded.tokens.ttl.components.seconds), now: now,
                    policy: .fromEnvironment(), type: type)
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

    struct HS256Kid: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hs256-kid",
            abstract: "Print the kid that HS256 tokens signed with keys.hs256_secret carry.",
            discussion: "The kid is derived one way from the secret and reveals nothing of it.")

        @Option(help: "The config file (default ./config.yaml; built-in defaults when that file does not exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            let file = loaded.sourceFile ?? "(built-in defaults)"
            guard !loaded.keys.hs256Secret.isEmpty else {
                printError("\(file): keys.hs256_secret: not set")
                throw Reported(code: ExitStatus.usage)
            }
            do {
                print(try HS256Key(secret: Array(loaded.keys.hs256Secret.utf8)).keyID.value)
            } catch {
                printError("\(file): keys.hs256_secret: \(error)")
                throw Reported(code: ExitStatus.usage)
            }
        }
    }
}
