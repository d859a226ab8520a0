import ArgumentParser
import Glibc
import TesseraOAuth
import TesseraStore

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Manage the clients registered in PostgreSQL.",
        subcommands: [Add.self, List.self, Show.self, Remove.self, RotateSecret.self, RevokeTokens.self])

    struct Options: ParsableArguments {
        @Option(help: "The config file (default ./config.yaml).")
        var config: String?
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered clients, one per line.")
        @OptionGroup var options: Options

        func run() throws {
            let store = try StoreAccess.open(configPath: options.config, command: "client list")
            let clients = try store.run("client list") { () throws(StoreError) in
                try PostgresClientTable().list(on: store.database)
            }
            for client in clients {
                print("\(client.id)\tscopes=\(client.scopes.joined(separator: ","))\taudiences=\(client.audiences.joined(separator: ","))\tintrospect=\(client.introspect)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one client (never its secret).")
        @Argument(help: "The client id.") var id: String
        @OptionGroup var options: Options

        func run() throws {
            let store = try StoreAccess.open(configPath: options.config, command: "client show")
            let found = try store.run("client show") { () throws(StoreError) in
                try PostgresClientTable().find(id: id, on: store.database)
            }
            guard let client = found else {
                printError("tessera client show: no client \"\(id)\"")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
            print("id: \(client.id)")
            print("scopes: \(client.scopes.joined(separator: " "))")
            print("audiences: \(client.audiences.joined(separator: " "))")
            print("introspect: \(client.introspect)")
            print("secret_hash: \(client.secretHash.split(separator: "$").first.map { "$\($0)$..." } ?? "none")")
            for line in ClientCommand.certificateLines(client.certificateMethods) { print(line) }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a client; every node refuses it within 1 s.")
        @Argument(help: "The client id.") var id: String
        @OptionGroup var options: Options

        func run() throws {
            let store = try StoreAccess.open(configPath: options.config, command: "client remove")
            let removed = try store.run("client remove") { () throws(StoreError) in
                try PostgresClientTable().delete(id: id, on: store.database)
            }
            guard removed else {
                printError("tessera client remove: no client \"\(id)\"")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
            store.announce(clientID: id, command: "client remove")
            // Rule 3: its tokens die with it, and stay dead if the id is registered again.
            try TokenCut(database: store.database, redis: store.redis, lifetime: store.tokenLifetime)
                .cut(clientID: id, command: "client remove")
            print("removed \(id)")
        }
    }

    struct RotateSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret", abstract: "Give a client a new generated secret; prints it once.")
        @Argument(help: "The client id.") var id: String
        @Flag(help: "Also revoke every token issued to the client so far.") var revokeTokens = false
        @OptionGroup var options: Options

        func run() throws {
            let (secret, hash) = Secret.generateWithHash()
            let store = try StoreAccess.open(configPath: options.config, command: "client rotate-secret")
            let updated = try store.run("client rotate-secret") { () throws(StoreError) in
                try PostgresClientTable().updateSecretHash(id: id, secretHash: hash.phcString, on: store.database)
            }
            guard updated else {
                printError("tessera client rotate-secret: no client \"\(id)\"")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
            store.announce(clientID: id, command: "client rotate-secret")
            if revokeTokens {
                try TokenCut(database: store.database, redis: store.redis, lifetime: store.tokenLifetime)
                    .cut(clientID: id, command: "client rotate-secret")
            }
            print(secret)
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
            let cut = try TokenCut.open(configPath: options.config, command: "client revoke-tokens")
            try cut.cut(clientID: id, command: "client revoke-tokens")
            print("revoked every token of \(id) issued so far")
        }
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
