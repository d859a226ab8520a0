import Testing
import TesseraConfig

struct ErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let keyPath: String
    let fragment: String
    var environment: [String: String] = [:]
    var testDescription: String { name }
}

private let client = "    secret_hash: \"$pbkdf2-sha256$x\"\n    audiences: [api]\n"

let errorCases: [ErrorCase] = [
    // unknown keys, with and without a suggestion
    ErrorCase(name: "unknown key in database suggests the close one",
              yaml: "database:\n  url: postgres://h/db\n  max_open_con: 5\n",
              keyPath: "database.max_open_con", fragment: "did you mean `max_open_conns`?"),
    ErrorCase(name: "camelCase key suggests the snake_case one",
              yaml: "server:\n  maxConnections: 5\n",
              keyPath: "server.maxConnections", fragment: "did you mean `max_connections`?"),
    ErrorCase(name: "unknown top-level key",
              yaml: "isuer: http://x\n", keyPath: "isuer", fragment: "did you mean `issuer`?"),
    ErrorCase(name: "far-off unknown key lists the known ones",
              yaml: "tokens:\n  banana: 1\n", keyPath: "tokens.banana", fragment: "unknown key (expected one of: algorithm,"),
    ErrorCase(name: "unknown key inside a client",
              yaml: "clients:\n  - id: a\n\(client)    scope: [x]\n", keyPath: "clients[0].scope",
              fragment: "did you mean `scopes`?"),
    // wrong types
    ErrorCase(name: "string where an integer is expected",
              yaml: "database:\n  url: postgres://h/db\n  max_open_conns: ten\n",
              keyPath: "database.max_open_conns", fragment: "expected an integer, got \"ten\""),
    ErrorCase(name: "list where a mapping is expected",
              yaml: "server: [1, 2]\n", keyPath: "server", fragment: "expected a mapping, got a list"),
    ErrorCase(name: "mapping where a string is expected",
              yaml: "issuer:\n  a: b\n", keyPath: "issuer", fragment: "expected a string, got a mapping"),
    ErrorCase(name: "string where a list is expected",
              yaml: "tokens:\n  default_audience: api\n", keyPath: "tokens.default_audience",
              fragment: "expected a list, got \"api\""),
    ErrorCase(name: "not a boolean",
              yaml: "tokens:\n  reuse: maybe\n", keyPath: "tokens.reuse", fragment: "expected true or false"),
    ErrorCase(name: "garbage duration",
              yaml: "server:\n  idle_timeout: soon\n", keyPath: "server.idle_timeout", fragment: "expected a duration"),
    ErrorCase(name: "negative duration",
              yaml: "server:\n  request_timeout: -5s\n", keyPath: "server.request_timeout", fragment: "must not be negative"),
    ErrorCase(name: "negative shutdown_delay",
              yaml: "server:\n  shutdown_delay: -5s\n", keyPath: "server.shutdown_delay", fragment: "must not be negative"),
    ErrorCase(name: "garbage shutdown_timeout",
              yaml: "server:\n  shutdown_timeout: later\n", keyPath: "server.shutdown_timeout", fragment: "expected a duration"),
    ErrorCase(name: "top level is not a mapping",
              yaml: "- a\n- b\n", keyPath: "", fragment: "expected a mapping, got a list"),
    // out of range
    ErrorCase(name: "too many workers",
              yaml: "server:\n  workers: 2000\n", keyPath: "server.workers", fragment: "between 0 and 1024, got 2000"),
    ErrorCase(name: "negative workers",
              yaml: "server:\n  workers: -1\n", keyPath: "server.workers", fragment: "between 0 and 1024"),
    ErrorCase(name: "zero max_connections",
              yaml: "server:\n  max_connections: 0\n", keyPath: "server.max_connections", fragment: "at least 1"),
    ErrorCase(name: "tiny max_header_bytes",
              yaml: "server:\n  max_header_bytes: 100\n", keyPath: "server.max_header_bytes", fragment: "between 256 and 1048576"),
    ErrorCase(name: "huge max_body_bytes",
              yaml: "server:\n  max_body_bytes: 16777217\n", keyPath: "server.max_body_bytes", fragment: "between 1 and 16777216"),
    ErrorCase(name: "zero request_timeout",
              yaml: "server:\n  request_timeout: 0\n", keyPath: "server.request_timeout", fragment: "greater than 0"),
    ErrorCase(name: "ttl below one second",
              yaml: "tokens:\n  ttl: 500ms\n", keyPath: "tokens.ttl", fragment: "at least 1s"),
    ErrorCase(name: "reuse_min_remaining not below ttl",
              yaml: "tokens:\n  ttl: 10m\n  reuse_min_remaining: 10m\n", keyPath: "tokens.reuse_min_remaining",
              fragment: "shorter than tokens.ttl (10m)"),
    ErrorCase(name: "zero cache capacity",
              yaml: "cache:\n  local:\n    capacity: 0\n", keyPath: "cache.local.capacity", fragment: "at least 1"),
    ErrorCase(name: "zero redis pool",
              yaml: "cache:\n  redis:\n    url: redis://h\n    pool_size: 0\n", keyPath: "cache.redis.pool_size", fragment: "at least 1"),
    ErrorCase(name: "negative limit",
              yaml: "limits:\n  per_client_rps: -3\n", keyPath: "limits.per_client_rps", fragment: "at least 0, got -3"),
    ErrorCase(name: "max_idle_conns above max_open_conns",
              yaml: "database:\n  url: postgres://h/db\n  max_open_conns: 10\n  max_idle_conns: 11\n",
              keyPath: "database.max_idle_conns", fragment: "must not exceed database.max_open_conns (10)"),
    // logging and tracing
    ErrorCase(name: "unknown log level",
              yaml: "logging:\n  level: loud\n", keyPath: "logging.level", fragment: "expected debug, info, warning or error"),
    ErrorCase(name: "unknown log format",
              yaml: "logging:\n  format: xml\n", keyPath: "logging.format", fragment: "expected logfmt or json"),
    ErrorCase(name: "access is not a boolean",
              yaml: "logging:\n  access: sometimes\n", keyPath: "logging.access", fragment: "expected true or false"),
    ErrorCase(name: "log buffer that is not a size",
              yaml: "logging:\n  buffer: 16MB\n", keyPath: "logging.buffer", fragment: "expected a size like 512KiB, 16MiB, 1GiB"),
    ErrorCase(name: "log buffer too small for a long line",
              yaml: "logging:\n  buffer: 1KiB\n", keyPath: "logging.buffer", fragment: "must be at least 64KiB, got \"1KiB\""),
    ErrorCase(name: "sample ratio above one",
              yaml: "tracing:\n  sample_ratio: 1.5\n", keyPath: "tracing.sample_ratio", fragment: "from 0 to 1"),
    ErrorCase(name: "https collector",
              yaml: "tracing:\n  otlp_endpoint: https://collector:4318/v1/traces\n", keyPath: "tracing.otlp_endpoint",
              fragment: "https is not supported"),
    ErrorCase(name: "unknown tracing key",
              yaml: "tracing:\n  endpoint: http://x\n", keyPath: "tracing.endpoint", fragment: "unknown key"),
    // listen
    ErrorCase(name: "listen without port",
              yaml: "server:\n  listen: 127.0.0.1\n", keyPath: "server.listen", fragment: "expected HOST:PORT"),
    ErrorCase(name: "listen port out of range",
              yaml: "server:\n  listen: 127.0.0.1:70000\n", keyPath: "server.listen", fragment: "between 0 and 65535"),
    ErrorCase(name: "listen host is a name",
              yaml: "server:\n  listen: example.com:80\n", keyPath: "server.listen", fragment: "IPv4 address, localhost"),
    ErrorCase(name: "listen IPv6 without brackets",
              yaml: "server:\n  listen: \"::1:80\"\n", keyPath: "server.listen", fragment: "needs brackets"),
    // formats
    ErrorCase(name: "issuer is not http(s)",
              yaml: "issuer: ftp://x\n", keyPath: "issuer", fragment: "http:// or https:// URL"),
    ErrorCase(name: "unknown algorithm",
              yaml: "tokens:\n  algorithm: PS256\n", keyPath: "tokens.algorithm", fragment: "must be EdDSA, Ed25519, ES256, RS256 or HS256"),
    ErrorCase(name: "HS256 without a secret",
              yaml: "tokens:\n  algorithm: HS256\n", keyPath: "keys.hs256_secret", fragment: "at least 32 bytes"),
    ErrorCase(name: "HS256 with a short secret from the environment",
              yaml: "tokens:\n  algorithm: HS256\nkeys:\n  hs256_secret: ${S}\n", keyPath: "keys.hs256_secret",
              fragment: "at least 32 bytes", environment: ["S": "short"]),
    ErrorCase(name: "status_list with HS256",
              yaml: "tokens:\n  algorithm: HS256\nkeys:\n  hs256_secret: \"0123456789abcdef0123456789abcdef\"\nstatus_list:\n  ttl: 60s\n",
              keyPath: "status_list", fragment: "needs an asymmetric tokens.algorithm"),
    ErrorCase(name: "status_list size below one byte",
              yaml: "status_list:\n  size: 4\n", keyPath: "status_list.size", fragment: "must be between 8 and"),
    ErrorCase(name: "status_list ttl below a second",
              yaml: "status_list:\n  ttl: 500ms\n", keyPath: "status_list.ttl", fragment: "must be at least"),
    ErrorCase(name: "redis url scheme",
              yaml: "cache:\n  redis:\n    url: http://h\n", keyPath: "cache.redis.url", fragment: "redis:// or rediss://"),
    ErrorCase(name: "redis section without url",
              yaml: "cache:\n  redis:\n    pool_size: 2\n", keyPath: "cache.redis.url", fragment: "is required"),
    ErrorCase(name: "database url scheme",
              yaml: "database:\n  url: mysql://h/db\n", keyPath: "database.url", fragment: "postgres:// or postgresql://"),
    ErrorCase(name: "database section without url",
              yaml: "database:\n  max_open_conns: 3\n", keyPath: "database.url", fragment: "is required"),
    // clients
    ErrorCase(name: "duplicate client id",
              yaml: "clients:\n  - id: a\n\(client)  - id: b\n\(client)  - id: a\n\(client)",
              keyPath: "clients[2].id", fragment: "duplicate client id \"a\" (also clients[0].id)"),
    ErrorCase(name: "empty client id",
              yaml: "clients:\n  - id: \"\"\n\(client)", keyPath: "clients[0].id", fragment: "must not be empty"),
    ErrorCase(name: "client without secret_hash",
              yaml: "clients:\n  - id: a\n    audiences: [api]\n", keyPath: "clients[0].secret_hash", fragment: "is required"),
    ErrorCase(name: "secret_hash that is not a PHC string",
              yaml: "clients:\n  - id: a\n    secret_hash: plaintext\n    audiences: [api]\n",
              keyPath: "clients[0].secret_hash", fragment: "PHC string"),
    ErrorCase(name: "client without audience and no default audience",
              yaml: "clients:\n  - id: a\n    secret_hash: \"$x\"\n", keyPath: "clients[0].audiences",
              fragment: "has no audience"),
    ErrorCase(name: "scope with a space",
              yaml: "clients:\n  - id: a\n\(client)    scopes: [read, \"a b\"]\n", keyPath: "clients[0].scopes[1]",
              fragment: "is not a valid scope"),
    ErrorCase(name: "scope with a backslash",
              yaml: "clients:\n  - id: a\n\(client)    scopes: ['a\\b']\n", keyPath: "clients[0].scopes[0]",
              fragment: "is not a valid scope"),
    ErrorCase(name: "clients is a mapping",
              yaml: "clients:\n  id: a\n", keyPath: "clients", fragment: "expected a list"),
]

@Suite struct ConfigErrorCaseTests {
    @Test(arguments: errorCases)
    func invalidConfigIsRejectedAtItsKeyPath(_ testCase: ErrorCase) {
        #expect {
            try ConfigLoader.parse(yaml: testCase.yaml, file: "config.yaml", environment: testCase.environment)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            #expect(error.keyPath == testCase.keyPath)
            #expect(error.message.contains(testCase.fragment), "\(error.message)")
            return error.file == "config.yaml"
        }
    }

    @Test func clientWithoutAudienceIsAnErrorEvenWithADefaultAudience() throws {
        // default_audience only applies where the client holds the audience (contract).
        let yaml = "tokens:\n  default_audience: [api]\nclients:\n  - id: a\n    secret_hash: \"$x\"\n"
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:]) }
    }

    @Test func descriptionIsOneLineWithFileKeyPathAndMessage() {
        let error = ConfigError(file: "config.yaml", keyPath: "database.max_open_conns", message: "expected an integer, got \"ten\"")
        #expect(error.description == "config.yaml: database.max_open_conns: expected an integer, got \"ten\"")
        let multiline = ConfigError(file: "c.yaml", keyPath: "", message: "first\nsecond")
        #expect(multiline.description == "c.yaml: first second")
    }

    @Test(arguments: ["server:\n  listen: [\n", "a: b\n c: d\n  - e\n", "issuer: \"unterminated\n", "a: 1\na: 2\n"])
    func yamlSyntaxErrorNamesLineAndColumnOnOneLine(yaml: String) {
        #expect {
            try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:])
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let text = error.description
            return text.hasPrefix("config.yaml: invalid YAML at line ") && text.contains("column")
                && !text.contains("\n") && error.keyPath.isEmpty
        }
    }

    /// The line to fix is where the unterminated quote or bracket opens, not where the file ends.
    @Test(arguments: [
        ("issuer: \"http://127.0.0.1:8080\nserver:\n  workers: 1\ntokens:\n  ttl: 1h\n  reuse: true\nkeys:\n  directory: ./keys\n", 1),
        ("tokens:\n  ttl: 1h\nserver:\n  listen: '127.0.0.1:8080\n  workers: 1\nlimits:\n  per_client_rps: 0\n", 4),
        ("server:\n  workers: 1\ntokens:\n  default_audience: [api, billing\n  ttl: 1h\nlimits:\n  per_client_rps: 0\n", 4),
    ])
    func yamlSyntaxErrorPointsAtTheLineThatOpensTheBrokenConstruct(yaml: String, line: Int) {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:])
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("config.yaml: invalid YAML at line \(line), "), "\(error.description)")
        }
    }

    @Test func everyErrorCaseDescriptionIsASingleLine() throws {
        for testCase in errorCases {
            do {
                _ = try ConfigLoader.parse(yaml: testCase.yaml, file: "config.yaml", environment: testCase.environment)
                Issue.record("\(testCase.name) was accepted")
            } catch {
                #expect(!error.description.contains("\n"))
                #expect(error.description.hasPrefix("config.yaml: \(testCase.keyPath.isEmpty ? "" : testCase.keyPath + ": ")"))
            }
        }
    }
}
