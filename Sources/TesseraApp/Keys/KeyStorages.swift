import TesseraConfig
import TesseraJOSE
import TesseraStore

/// Chooses where signing keys are kept: PostgreSQL with `database` and `keys.encryption_key`,
/// else the key directory.
package enum KeyStorages {
    /// The service's storage, on its pool; a key made or removed is announced over Redis.
    static func make(config: Config, tiers: StoreTiers) throws(ServiceError) -> any KeyStorage {
        guard let pool = tiers.database, !config.keys.encryptionKeys.isEmpty else {
            if let pool = tiers.database { try refuseStoredKeys(config: config, pool: pool) }
            return DirectoryKeyStorage(path: config.keys.directory)
        }
        let redis = tiers.redis
        return DatabaseKeyStorage(
            connect: { body throws(StoreError) in try pool.withConnection(body) },
            encryption: try encryption(config), file: config.sourceFile ?? "(built-in defaults)",
            announce: { if let redis { _ = try? InvalidationBus.publish(.keys, pool: redis) } })
    }

    /// The CLI's storage over one connection (nil: keys are in the directory).
    package static func database(config: Config, connection: PostgresConnection,
                                 announce: @escaping @Sendable () -> Void) throws(ServiceError) -> DatabaseKeyStorage? {
        guard config.database != nil, !config.keys.encryptionKeys.isEmpty else { return nil }
        let shared = SharedConnection(connection)
        return DatabaseKeyStorage(
            connect: { body throws(StoreError) in try body(shared.connection) },
            encryption: try encryption(config), file: config.sourceFile ?? "(built-in defaults)", announce: announce)
    }

    /// Without `keys.encryption_key` a node signs with its directory's keys while the nodes that
    /// have it sign with the stored ones: when PostgreSQL holds keys, that is a configuration error
    /// naming one, never a silent new key. (A database that cannot be read now tells nothing.)
    static func refuseStoredKeys(config: Config, pool: PostgresPool) throws(ServiceError) {
        let rows = try? pool.withConnection { connection throws(StoreError) in try PostgresKeyTable().all(on: connection) }
        guard let kid = rows?.first?.keyID else { return }
        throw .configuration(ConfigError(
            file: config.sourceFile ?? "(built-in defaults)", keyPath: "keys.encryption_key",
            message: "not set, but PostgreSQL holds signing keys (kid=\(kid) among them): set the encryption key they were stored under"))
    }

    static func encryption(_ config: Config) throws(ServiceError) -> KeyEncryptionKeys {
        do {
            return try KeyEncryptionKeys(secrets: config.keys.encryptionKeys.map { Array($0.utf8) })
        } catch {
            throw .configuration(ConfigError(file: config.sourceFile ?? "(built-in defaults)", keyPath: "keys.encryption_key",
                                             message: error.description))
        }
    }

    /// The CLI's one connection, used from its one thread.
    private final class SharedConnection: @unchecked Sendable {
        // @unchecked: the CLI's one connection, used from its one thread only.
        let connection: PostgresConnection
        init(_ connection: PostgresConnection) { self.connection = connection }
    }
}
