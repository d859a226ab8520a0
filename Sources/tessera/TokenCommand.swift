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
            discussion: "Exit 0 when the token is valid, 1 (with the reason) when it is not.")

        @Argument(help: "The access token (compact JWT).")
        var jwt: String

        @Option(help: "The config file (default ./config.yaml; built-in defaults when that file does not exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            let now = Int64(Date().timeIntervalSince1970)
            let keys: KeySet
            do {
                keys = try KeySet.read(config: loaded, now: now, policy: .fromEnvironment(), generate: false)
            } catch {
                printError("tessera token inspect: \(error)")
                throw Reported(code: error.isConfiguration ? ExitStatus.usage : ExitStatus.runtimeFailure)
            }
            let token = jwt.trimmingCharacters(in: .whitespacesAndNewlines)
            print("header:")
            print(Self.display(segment: 0, of: token))
            print("claims:")
            print(Self.display(segment: 1, of: token))
            switch keys.ring.verify(token: token, now: now, expectedIssuer: loaded.issuer) {
            case .success:
                print("valid")
            case .failure(let rejection):
                print("invalid: \(rejection)")
                printError("tessera token inspect: the token is not valid: \(rejection)")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
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
