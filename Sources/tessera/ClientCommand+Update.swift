import ArgumentParser
import TesseraApp
import TesseraOAuth

extension ClientCommand {
    /// `--token-ttl`, `--rps`, `--burst`: a client's own policy, for `client add` and `client update`.
    struct PolicyOptions: ParsableArguments {
        @Option(help: "Lifetime of the client's tokens (at most tokens.max_ttl), e.g. 10m.") var tokenTTL: String?
        @Option(help: "The client's token requests per second (0 = unlimited), in place of limits.per_client_rps.") var rps: Int?
        @Option(help: "Requests allowed at once above --rps, in place of limits.per_client_burst.") var burst: Int?

        func validate() throws {
            if let tokenTTL, (ClientCommand.seconds(tokenTTL) ?? 0) < 1 {
                throw ValidationError("--token-ttl: expected a duration of at least 1s like 10m or 1h, got \"\(tokenTTL)\"")
            }
            if let rps, rps < 0 { throw ValidationError("--rps must be at least 0") }
            if let burst, burst < 0 { throw ValidationError("--burst must be at least 0") }
        }

        var tokenTTLSeconds: Int64? { tokenTTL.flatMap(ClientCommand.seconds) }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a stored client in place; what is not named stays. Every node applies it within 1 s.",
            discussion: "--jwks and the certificate options replace the client's keys or certificate names (a certificate option replaces all of them).")
        @Argument(help: "The client id.") var id: String
        @Option(help: "Space-separated scopes (replaces the client's).") var scope: String?
        @Option(help: "An audience (repeatable; replaces the client's).") var audience: [String] = []
        @Flag(inversion: .prefixedNo, help: "Whether the client may call /oauth/introspect.") var introspect: Bool?
        @OptionGroup var policy: PolicyOptions
        @Option(help: "A JWK Set file ({\"keys\":[...]}) of public keys for private_key_jwt (replaces the client's; a secret it has keeps working).")
        var jwks: String?
        @OptionGroup var certificates: CertificateOptions
        @OptionGroup var options: Options

        func validate() throws {
            if let problem = ClientIdentifier.problem(id) { throw ValidationError(problem) }
            for value in (scope.map { Add.distinct($0.split(separator: " ").map(String.init)) } ?? []) {
                if let problem = ClientIdentifier.problem(field: "--scope", value: value) { throw ValidationError(problem) }
            }
            for value in audience {
                if let problem = ClientIdentifier.problem(field: "--audience", value: value) { throw ValidationError(problem) }
            }
        }

        func run() throws {
            let update = ClientUpdate(
                scopes: scope.map { Add.distinct($0.split(separator: " ").map(String.init)) },
                audiences: audience.isEmpty ? nil : Add.distinct(audience), introspect: introspect,
                tokenTTLSeconds: policy.tokenTTLSeconds, rps: policy.rps, burst: policy.burst,
                jwks: try jwks.map { try ClientJWKSFile.read($0, clientID: id, command: "client update") },
                certificateMethods: certificates.isEmpty ? nil : try certificates.methods(command: "client update"))
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client update")
            let change = try ClientOperationsAccess.run("client update", inPlace: true) { () throws(ClientOperationError) in
                try operations.update(id, update)
            }
            ClientOperationsAccess.warn(change, command: "client update")
            print(change.fields.isEmpty ? "\(id) unchanged" : "updated \(id): " + change.fields.map(\.name).joined(separator: ", "))
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refuse a client at every endpoint (invalid_client, \"client is disabled\") on every node within 1 s.")
        @Argument(help: "The client id.") var id: String
        @Flag(help: "Also revoke every token issued to the client so far.") var revokeTokens = false
        @OptionGroup var options: Options

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client disable")
            let change = try ClientOperationsAccess.run("client disable", inPlace: true) { () throws(ClientOperationError) in
                try operations.disable(id, revokeTokens: revokeTokens)
            }
            ClientOperationsAccess.warn(change, command: "client disable")
            print("disabled \(id)")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled client authenticate again.")
        @Argument(help: "The client id.") var id: String
        @OptionGroup var options: Options

        func run() throws {
            let operations = try ClientOperationsAccess.open(configPath: options.config, command: "client enable")
            let change = try ClientOperationsAccess.run("client enable", inPlace: true) { () throws(ClientOperationError) in try operations.enable(id) }
            ClientOperationsAccess.warn(change, command: "client enable")
            print("enabled \(id)")
        }
    }
}
