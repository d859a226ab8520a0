import TesseraCore
import TesseraConfig
import TesseraStore

extension PostgresPoolOptions {
    /// The pool `database:` describes.
    init(config section: DatabaseConfig) {
        self.init(
            url: section.url, maxOpen: section.maxOpenConns, maxIdle: section.maxIdleConns,
            maxLifetimeNanoseconds: section.connMaxLifetime.nanoseconds,
            waitTimeoutNanoseconds: section.waitTimeout.nanoseconds,
            connectTimeoutSeconds: max(1, Int(section.waitTimeout.components.seconds) + 1))
    }
}
