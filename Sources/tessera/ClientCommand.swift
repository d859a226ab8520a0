import ArgumentParser
import Glibc
import TesseraApp
import TesseraConfig
import TesseraOAuth
import TesseraStore

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Manage the clients registered in PostgreSQL.",
        subcommands: [Add.self, List.self, Show.self, Update.self, Disable.self, Enable.self, Remove.self, RotateSecret.self, RevokeTokens.self])

    struct Options: ParsableArguments {
        @Option(help: "The config file (default ./config.yaml).")
        var config: String?
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered clients, one per line.")
        @OptionGroup var options: Options

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client list")
            let clients = try ClientOperationsAccess.run("client list") { () throws(ClientOperationError) in try operations.list() }
            for client in clients {
                var line = "\(client.id)\tscopes=\(client.scopes.joined(separator: ","))\taudiences=\(client.audiences.joined(separator: ","))\tintrospect=\(client.introspect)"
                if client.policy.disabled { line += "\tdisabled=true" }
                print(line)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one client (never its secret).")
        @Argument(help: "The client id.") var id: String
        @OptionGroup var options: Options

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client show")
            let client = try ClientOperationsAccess.run("client show") { () throws(ClientOperationError) in try operations.show(id) }
            print("id: \(client.id)")
            print("scopes: \(client.scopes.joined(separator: " "))")
            print("audiences: \(client.audiences.joined(separator: " "))")
            print("introspect: \(client.introspect)")
            print("secret_hash: \(client.secretHash.split(separator: "$").first.map { "$\($0)$..." } ?? "none")")
            for (index, secret) in client.secrets.enumerated() {
                print("secret[\(index)]: expires_at=\(ClientOperations.expiryText(secret.expiresAt))")
            }
            print("token_ttl: \(client.policy.tokenTTLSeconds.map { "\($0)s" } ?? "default")")
            print("rate: \(client.policy.rate.map { "rps=\($0.rps) burst=\($0.burst)" } ?? "default")")
            print("disabled: \(client.policy.disabled)")
            print("dpop_bound_access_tokens: \(client.dpopBoundAccessTokens)")
            for line in ClientCommand.certificateLines(client.certificateMethods) { print(line) }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a client; every node refuses it within 1 s.")
        @Argument(help: "The client id.") var id: String
        @OptionGroup var options: Options

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client remove")
            let change = try ClientOperationsAccess.run("client remove") { () throws(ClientOperationError) in try operations.remove(id) }
            ClientOperationsAccess.warn(change, command: "client remove")
            print("removed \(id)")
        }
    }

    struct RotateSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret",
            abstract: "Give a client a new generated secret; prints it once. The previous ones stop at once, or after --keep-old.")
        @Argument(help: "The client id.") var id: String
        @Option(help: "Let the previous secrets keep working this long (e.g. 24h; 0s: stop at once, the default).")
        var keepOld: String?
        @Flag(help: "Also revoke every token issued to the client so far.") var revokeTokens = false
        @OptionGroup var options: Options

        func validate() throws {
            if let keepOld, ClientCommand.seconds(keepOld) == nil {
                throw ValidationError("--keep-old: expected a duration like 30s, 5m, 24h or 7d, got \"\(keepOld)\"")
            }
        }

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client rotate-secret")
            let keep = keepOld.flatMap(ClientCommand.seconds)
            let (change, secret) = try ClientOperationsAccess.run("client rotate-secret") { () throws(ClientOperationError) in
                try operations.rotateSecret(id, keepOldSeconds: keep, revokeTokens: revokeTokens)
            }
            ClientOperationsAccess.warn(change, command: "client rotate-secret")
            if let secret { print(secret) }
        }
    }

    struct RevokeTokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-tokens",
            abstract: "Revoke every token of a client issued up to now, on every node within 1 s (needs Redis or PostgreSQL).")
        @Argument(help: "The client id.") var id: String
        @OptionGroup var options: Options

        func validate() throws {
            if let problem = ClientIdentifier.problem(id) { throw ValidationError(problem) }
        }

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client revoke-tokens", cutOnly: true)
            let change = try ClientOperationsAccess.run("client revoke-tokens") { () throws(ClientOperationError) in
                try operations.revokeTokens(id)
            }
            ClientOperationsAccess.warn(change, command: "client revoke-tokens")
            print("revoked every token of \(id) issued so far")
        }
    }

    /// A duration argument in whole seconds (`50ms` rounds down), nil when it does not parse.
    static func seconds(_ text: String) -> Int64? {
        guard !text.hasPrefix("-"), let duration = Duration(configText: text) else { return nil }
        return duration.components.seconds
    }
}

/// Reads one secret from stdin (one trailing newline dropped); exit 2 when empty or over 4 KiB.
func readSecretFromStdin(command: String) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(0, &chunk, chunk.count)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        bytes.append(contentsOf: chunk[0..<n])
        if bytes.count > 4096 {
            printError("tessera \(command): the secret is longer than 4096 bytes")
            throw Reported(code: ExitStatus.usage)
        }
    }
    if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
    guard !bytes.isEmpty else {
        printError("tessera \(command): no secret on stdin")
        throw Reported(code: ExitStatus.usage)
    }
    return bytes
}

func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let eq = text.firstIndex(of: "=") { result[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
        pointer += 1
    }
    return result
}
