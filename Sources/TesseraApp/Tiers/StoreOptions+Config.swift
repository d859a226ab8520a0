import TesseraCore
import TesseraConfig
import TesseraStore

extension PostgresPoolOptions {
    /// The pool `database:` describes.
    init(config section: DatabaseConfig) {
        self.init(
            url: section.url, maxOpen: section.maxOpenConns, maxIdle: section.maxIdleConns,
            maxLifetime: section.connMaxLifetime,
            waitTimeout: section.waitTimeout,
            connectTimeoutSeconds: max(1, Int(section.waitTimeout.components.seconds) + 1))
    }
}
