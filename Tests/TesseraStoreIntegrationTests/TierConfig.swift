import Foundation
import Testing
import TesseraTesting

/// A config.yaml for a node on the given Redis and PostgreSQL.
enum TierConfig {
    static func yaml(redis: String?, database: String, keys: String, localTTL: String = "60s", waitTimeout: String = "200ms",
                     staleIfError: String = "5m") -> String {
        var text = """
            issuer: "https://tessera.test"
            keys:
              directory: "\(keys)"
            cache:
              local:
                capacity: 1000
                ttl: \(localTTL)
                stale_if_error: \(staleIfError)

            """
        if let redis {
            text += """
                  redis:
                    url: "\(redis)"
                    pool_size: 4
                    timeout: 100ms

                """
        }
        text += """
            database:
              url: "\(database)"
              max_open_conns: 4
              max_idle_conns: 2
              wait_timeout: \(waitTimeout)
            limits:
              auth_failures_per_minute: 1000
              auth_failures_per_minute_per_client: 10000

            """
        return text
    }
}

/// A database of the test's own and a folder with a config.yaml on it (and on `redis` when
/// given), for CLI runs and nodes. Everything goes with `done()`.
struct CLIFixture {
    let database: TestDatabase
    let directory: TemporaryDirectory
    /// The config file's path.
    let config: String

    /// `extra` is appended to the config (static clients).
    init(redis: String?, extra: String = "") throws {
        try self.init(database: try TestDatabase()) { TierConfig.yaml(redis: redis, database: $0.url, keys: $1) + extra }
    }

    /// A migrated database reached directly, and Redis at `redis` (a proxy, to cut it).
    static func migrated(redisURL redis: String) throws -> CLIFixture {
        try CLIFixture(database: try TestDatabase.migrated()) { TierConfig.yaml(redis: redis, database: $0.url, keys: $1) }
    }

    /// `yaml` is given the database and the keys folder.
    private init(database: TestDatabase, yaml: (TestDatabase, String) -> String) throws {
        do {
            directory = try TemporaryDirectory(prefix: "tessera-cli")
        } catch {
            database.drop()
            throw error
        }
        self.database = database
        let url = directory.file("config.yaml")
        do {
            try Data(yaml(database, directory.file("keys").path).utf8).write(to: url)
        } catch {
            directory.remove()
            database.drop()
            throw error
        }
        config = url.path
    }

    /// A fixture whose database `tessera migrate` has set up (the test fails when it does not).
    static func migrated(redis: String?, extra: String = "") throws -> CLIFixture {
        let fixture = try CLIFixture(redis: redis, extra: extra)
        do {
            let migrate = try fixture.tessera(["migrate"])
            #expect(migrate.status == 0, "tessera migrate: \(migrate.stderr)")
        } catch {
            fixture.done()
            throw error
        }
        return fixture
    }

    /// No Redis; a migrated database that the config reaches through its proxy ("PostgreSQL
    /// down" is `proxy.cut()`); `extra` is appended to the config (static clients).
    static func proxied(localTTL: String = "60s", staleIfError: String = "5m", extra: String = "") throws -> CLIFixture {
        try CLIFixture(database: try TestDatabase.migrated()) {
            TierConfig.yaml(redis: nil, database: $0.proxiedURL, keys: $1, localTTL: localTTL, staleIfError: staleIfError) + extra
        }
    }

    /// Between the config and PostgreSQL, for fixtures made by `proxied`.
    var proxy: TCPProxy { database.proxy }

    func tessera(_ arguments: [String], stdin: String = "") throws -> TesseraBinary.Outcome {
        try TesseraBinary.run(arguments + ["--config", config], stdin: stdin, timeout: 30)
    }

    /// `client add`, returning the printed secret.
    func addClient(_ id: String, _ extra: [String] = ["--scope", "read write", "--audience", "api", "--introspect"]) throws -> String {
        let outcome = try tessera(["client", "add", id] + extra)
        guard outcome.status == 0, let secret = outcome.stdoutLines.first else {
            throw HarnessError.unexpected("client add \(id): \(outcome.status) \(outcome.stderr)")
        }
        return secret
    }

    /// A node started on the config file.
    func serve() throws -> TesseraProcess {
        try TesseraProcess.start(config: try String(contentsOfFile: config, encoding: .utf8))
    }

    func done() {
        directory.remove()
        database.drop()
    }
}
