import ArgumentParser
import TesseraApp
import TesseraCore
import TesseraOAuth
import TesseraStore

extension ClientCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a client; prints the generated secret once (or reads it from stdin); with a certificate option (mTLS) it gets no secret unless --secret-stdin.")

        @Argument(help: "The client id.") var id: String
        @Option(help: "Space-separated scopes.") var scope: String = ""
        @Option(help: "An audience the client may ask for (repeatable; at least one).") var audience: [String] = []
        @Flag(help: "Allow the client to call /oauth/introspect.") var introspect = false
        @Flag(help: "Read the secret from stdin (hashed with PBKDF2) instead of generating one.") var secretStdin = false
        @Option(help: "A JWK Set file ({\"keys\":[...]}) of public keys for private_key_jwt; the client then gets no secret unless --secret-stdin.")
        var jwks: String?
        @OptionGroup var certificates: CertificateOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var options: Options

        /// The scopes named, each once. Repetitions are merged by their bytes: two spellings that
        /// Unicode calls equivalent are two scopes, as they are to the token endpoint (rule 4).
        var scopes: [String] { Self.distinct(scope.split(separator: " ").map(String.init)) }

        /// Rule 4 and the contract's refusals that need nothing but the arguments (exit 2, one line).
        func validate() throws {
            if let problem = ClientIdentifier.problem(id) { throw ValidationError(problem) }
            for value in scopes {
                if let problem = ClientIdentifier.problem(field: "--scope", value: value) { throw ValidationError(problem) }
            }
            for value in audience {
                if let problem = ClientIdentifier.problem(field: "--audience", value: value) { throw ValidationError(problem) }
            }
            // No audience: every token request would be refused (invalid_target); tokens.default_audience
            // applies only where the client holds it, so it cannot stand in.
            if policy.burst != nil && policy.rps == nil { throw ValidationError("--burst needs --rps") }
            guard !audience.isEmpty else {
                throw ValidationError("a client needs at least one --audience (without one every token request is refused)")
            }
        }

        func run() throws {
            let config = try loadConfig(path: options.config, environment: currentEnvironment())
            // A stored client under a static client's id would never be used: the static one answers first.
            if config.clients.contains(where: { $0.id.bytesEqual(id) }) {
                printError("tessera client add: \(config.sourceFile ?? "(built-in defaults)"): clients: already has a static client \"\(id)\", which would shadow a stored one")
                throw Reported(code: ExitStatus.usage)
            }
            let keys = try jwks.map { try ClientJWKSFile.read($0, clientID: id) }
            let certificateMethods = try certificates.methods(command: "client add")
            let secret: NewSecret
            if secretStdin {
                secret = .chosen(try readSecretFromStdin(command: "client add"))
            } else if keys != nil || !certificates.isEmpty {
                secret = .none  // authenticates by key or certificate only
            } else {
                secret = .generate
            }
            var record = ClientRecord(
                id: id, secretHash: "", scopes: scopes, audiences: Self.distinct(audience), introspect: introspect, jwks: keys)
            record.certificateMethods = certificateMethods
            record.policy.tokenTTLSeconds = policy.tokenTTLSeconds
            if let rps = policy.rps { record.policy.rate = ClientRate(rps: rps, burst: policy.burst ?? 0) }
            let operations = try ClientOperationsAccess.open(config: config, command: "client add")
            let (change, printed) = try ClientOperationsAccess.run("client add") { () throws(ClientOperationError) in
                try operations.add(record, secret: secret)
            }
            ClientOperationsAccess.warn(change, command: "client add")
            if let printed { print(printed) }
        }

        /// Each value once, in byte order; equal means equal bytes (ExactString), never Unicode
        /// canonical equivalence.
        static func distinct(_ values: [String]) -> [String] {
            Set(values.map(ExactString.init)).sorted().map(\.value)
        }
    }
}
