import TesseraConfig

/// Chooses where a service keeps its signing keys.
enum KeyStorages {
    static func make(config: Config, tiers: StoreTiers) throws(ServiceError) -> any KeyStorage {
        DirectoryKeyStorage(path: config.keys.directory)
    }
}
