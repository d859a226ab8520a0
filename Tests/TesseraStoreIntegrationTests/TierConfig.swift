import Foundation
import Testing
import TesseraTesting

/// A config.yaml for a node on the given Redis and PostgreSQL.
enum TierConfig {
    static func yaml(redis: String?, database: String, keys: String, localTTL: String = "60s", waitTimeout: String = "200ms") -> String {
        var text = """
            issuer: "https://tessera.test"
            keys:
              directory: "\(keys)"
            cache:
              local:
                capacity: 1000
                ttl: \(localTTL)

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

            """
        return text
    }
}

/// A database of the test's own and a folder with a config.yaml on it (and on `redis` when
/// given), for CLI runs and nodes; `proxied` puts PostgreSQL behind a `TCPProxy` the test cuts.
/// Everything goes with `done()`.
struct CLIFixture {
    let database: TestDatabase
    let directory: TemporaryDirectory
    /// The config file's path.
    let config: String
    /// Between the config and PostgreSQL, for fixtures made by `proxied`.
    let proxy: TCPProxy?

    init(redis: String?) throws {
        database = try TestDatabase.create()
        directory = try TemporaryDirectory(prefix: "tessera-cli")
        proxy = nil
        config = try Self.write(TierConfig.yaml(redis: redis, database: database.url, keys: directory.file("keys").path), in: directory)
    }

    private init(database: TestDatabase, directory: TemporaryDirectory, config: String, proxy: TCPProxy?) {
        self.database = database
        self.directory = directory
        self.config = config
        self.proxy = proxy
    }

    private static func write(_ yaml: String, in directory: TemporaryDirectory) throws -> String {
        let url = directory.file("config.yaml")
        try Data(yaml.utf8).write(to: url)
        return url.path
    }

    /// A fixture whose database `tessera migrate` has set up (the test fails when it does not).
    static func migrated(redis: String?) throws -> CLIFixture {
        let fixture = try CLIFixture(redis: redis)
        do {
            let migrate = try fixture.tessera(["migrate"])
            #expect(migrate.status == 0, "tessera migrate: \(migrate.stderr)")
        } catch {
            fixture.done()
            throw error
        }
        return fixture
    }

    /// No Redis; a migrated database reached through `proxy` ("PostgreSQL down" is `proxy.cut()`);
    /// `extra` is appended to the config (static clients).
    static func proxied(localTTL: String = "60s", extra: String = "") throws -> CLIFixture {
        let upstream = Int32(try Services.database().split(separator: ":").last?.split(separator: "/").first ?? "") ?? 5432
        let proxy = try TCPProxy(upstreamPort: upstream)
        let database: TestDatabase
        do { database = try TestDatabase.migrated() } catch { proxy.cut(); throw error }
        let viaProxy = database.url.replacingOccurrences(of: ":\(upstream)/", with: ":\(proxy.port)/")
        do {
            let directory = try TemporaryDirectory(prefix: "tessera-proxied")
            let yaml = TierConfig.yaml(redis: nil, database: viaProxy, keys: directory.file("keys").path, localTTL: localTTL) + extra
            let config: String
            do { config = try write(yaml, in: directory) } catch { directory.remove(); throw error }
            return CLIFixture(database: database, directory: directory, config: config, proxy: proxy)
        } catch {
            database.drop()
            proxy.cut()
            throw error
        }
    }

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
    func serve() throws -> ServeProcess {
        try ServeProcess.start(config: try String(contentsOfFile: config, encoding: .utf8))
    }

    func done() {
        directory.remove()
        database.drop()
        proxy?.cut()
    }
}
