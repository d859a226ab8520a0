import Foundation
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

/// A database and a config file for CLI runs against it.
struct CLIFixture {
    let database: TestDatabase
    let directory: TemporaryDirectory
    let config: String

    init(redis: String?) throws {
        database = try TestDatabase.create()
        directory = try TemporaryDirectory(prefix: "tessera-cli")
        let url = directory.file("config.yaml")
        try Data(TierConfig.yaml(redis: redis, database: database.url, keys: directory.file("keys").path).utf8).write(to: url)
        config = url.path
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

    func done() {
        directory.remove()
        database.drop()
    }
}
