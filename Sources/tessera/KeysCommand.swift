import ArgumentParser
import Foundation
import TesseraApp
import TesseraConfig
import TesseraJOSE
import TesseraStore

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the signing keys (keys.directory, or PostgreSQL with keys.encryption_key).",
        subcommands: [List.self, Rotate.self, Import.self, HS256Kid.self]
    )

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new signing key of tokens.algorithm, published now and signing once every cached JWKS knows it.",
            discussion: """
                The new key (ed25519-, es256- or rs256-<activation>.pem after tokens.algorithm, or a row in \
                PostgreSQL with keys.encryption_key) activates keys.rotation.publish_ahead (default 600 s) after \
                it is made (the JWKS is cached for at most half of that); running servers pick it up within half \
                of that lead, or at once on SIGHUP. Older keys stay published until every token they signed has \
                expired (tokens.ttl + keys.rotation.retain after the next key activated); keys retired by then are \
                deleted. Prints the new key's kid and activation time. HS256 has no key: list secrets in \
                keys.hs256_secret.
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
            guard KeySet.jwsAlgorithm(loaded.tokens.algorithm).keyType != nil else {
                printError("tessera keys rotate: tokens.algorithm is HS256, which signs with keys.hs256_secret, not a key file")
                throw Reported(code: ExitStatus.usage)
            }
            let administration = try KeysCommand.administration(loaded, command: "keys rotate")
            let outcome: (made: KeyMade, removed: [String])
            do {
                outcome = try administration.rotate(now: Int64(Date().timeIntervalSince1970))
            } catch {
                printError("tessera keys rotate: \(error)")
                throw Reported(code: error.isConfiguration ? ExitStatus.usage : ExitStatus.runtimeFailure)
            }
            print("kid \(outcome.made.keyID)")
            print("activation \(outcome.made.activation) \(KeysCommand.time(outcome.made.activation))")
            for path in outcome.removed { print("removed \(path)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one line per signing key: kid, algorithm, created, activates, stops signing, unpublished, state.",
            discussion: """
                Times are RFC 3339 UTC, "-" when not known yet (the newest key has no successor). The state is \
                published (in the JWKS, not signing yet), signing, or retired (stopped signing; published until \
                its unpublished time).
                """)

        @Option(help: "The config file (default ./config.yaml; built-in defaults when that file does not exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            let administration = try KeysCommand.administration(loaded, command: "keys list")
            let rows: [KeyListing]
            do {
                rows = try administration.list(now: Int64(Date().timeIntervalSince1970))
            } catch {
                printError("tessera keys list: \(error)")
                throw Reported(code: error.isConfiguration ? ExitStatus.usage : ExitStatus.runtimeFailure)
            }
            for row in rows {
                let times = [row.created, row.activates, row.stopsSigning, row.unpublished].map { $0.map(KeysCommand.time) ?? "-" }
                print(([row.keyID, row.algorithm.rawValue] + times + [row.state.rawValue]).joined(separator: " "))
            }
        }
    }

    /// An RFC 3339 UTC time of a unix second.
    static func time(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The keys of `config` as the servers keep them: in PostgreSQL with `keys.encryption_key`
    /// (a key made there is announced to running nodes over Redis), else in the directory.
    static func administration(_ config: Config, command: String) throws -> KeyAdministration {
        guard let storage = try database(config, command: command) else {
            return KeyAdministration(config: config, policy: .fromEnvironment(), report: CommandAudit.keyReport(config, command: command))
        }
        return KeyAdministration(config: config, policy: .fromEnvironment(), storage: storage,
                                 report: CommandAudit.keyReport(config, command: command))
    }

    static func database(_ config: Config, command: String) throws -> DatabaseKeyStorage? {
        guard config.database != nil, !config.keys.encryptionKeys.isEmpty else { return nil }
        let access = try StoreAccess.open(config: config, command: command)
        let redis = access.redis
        do throws(ServiceError) {
            return try KeyStorages.database(config: config, connection: access.database) {
                if let redis { _ = try? InvalidationBus.publish(.keys, pool: redis) }
            }
        } catch {
            printError("tessera \(command): \(error)")
            throw Reported(code: error.isConfiguration ? ExitStatus.usage : ExitStatus.runtimeFailure)
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
