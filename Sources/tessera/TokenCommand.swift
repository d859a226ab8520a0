import ArgumentParser
import Foundation
import TesseraApp
import TesseraConfig
import TesseraJOSE

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Look at access tokens.",
        subcommands: [Inspect.self]
    )

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a token against the configured keys and print its header, claims and verdict.",
            discussion: """
                Exit 0 when the token is valid, 1 (with the reason) when it is not. Revocations are read where the \
                servers of the config record them (PostgreSQL, else Redis, else state.directory); when they cannot \
                be read, the verdict says that revocation was not checked.
                """)

        @Argument(help: "The access token (compact JWT).")
        var jwt: String

        @Option(help: "The config file (default ./config.yaml; built-in defaults when that file does not exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            let now = Int64(Date().timeIntervalSince1970)
            var keys: KeySet?
            var noKeys = ""
            let storage = try KeysCommand.database(loaded, command: "token inspect")
            do {
                keys = try KeySet.read(config: loaded, now: now, policy: KeyRotationPolicy.fromEnvironment().applying(loaded.keys),
                                       generate: false, storage: storage)
            } catch {
                if error.isConfiguration {
                    printError("tessera token inspect: \(error)")
                    throw Reported(code: ExitStatus.usage)
                }
                noKeys = error.description
            }
            let token = jwt.trimmingCharacters(in: .whitespacesAndNewlines)
            print("header:")
            print(Self.display(segment: 0, of: token))
            print("claims:")
            print(Self.display(segment: 1, of: token))
            guard let keys else { return try Self.invalid("no key to verify it with: \(noKeys)") }
            switch keys.ring.verify(token: token, now: now, expectedIssuer: loaded.issuer) {
            case .success(let verified):
                switch RecordedRevocations.check(verified.claims, config: loaded, now: now) {
                case .notRevoked(let source):
                    print("revocation: not revoked (checked \(source))")
                    print("valid")
                case .revoked(let reason):
                    try Self.invalid(reason)
                case .notChecked(let reason):
                    // Signature and claims hold; whether it was revoked is not known here.
                    print("revocation: not checked: \(reason)")
                    print("valid (revocation not checked)")
                    printError("tessera token inspect: warning: revocation not checked: \(reason)")
                }
            case .failure(let rejection):
                try Self.invalid(rejection.description)
            }
        }

        /// The verdict for a token that is not valid: on stdout and as one line of stderr, exit 1.
        static func invalid(_ reason: String) throws {
            print("invalid: \(reason)")
            printError("tessera token inspect: the token is not valid: \(reason)")
            throw Reported(code: ExitStatus.runtimeFailure)
        }

        /// One segment decoded and pretty-printed, or why it cannot be.
        static func display(segment index: Int, of token: String) -> String {
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return "(not a compact JWT: \(parts.count) parts)" }
            guard let bytes = Base64URL.decode(String(parts[index])) else { return "(not base64url)" }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
                let pretty = try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            else { return "(not JSON)" }
            return String(decoding: pretty, as: UTF8.self)
        }
    }
}
