import Glibc
import TesseraJOSE

/// The key directory (`keys.directory`): one PKCS#8 PEM file per key, named after its type and
/// activation. One node (or a shared volume) makes its keys; a rotation slot needs no arbitration.
package struct DirectoryKeyStorage: KeyStorage {
    package let path: String

    package init(path: String) {
        self.path = path
    }

    package func load() throws(ServiceError) -> [StoredKey] {
        let keys: [LoadedKey]
        do { keys = try KeyDirectory.load(path: path, now: 0) } catch { throw .runtime("keys.directory \(path): \(error)") }
        return keys.map { key in
            // A file records no creation time; its last change is when it was written.
            var info = stat()
            let created = key.path.flatMap { stat($0, &info) == 0 ? Int64(info.st_mtim.tv_sec) : nil }
            return StoredKey(key: key, created: created ?? key.activation)
        }
    }

    package func add(_ key: any DirectoryKey, activation: Int64, created: Int64, slot: String?) throws(ServiceError) -> Int64? {
        var activation = activation
        // One key per second at most: a second key within the same second takes the next one.
        while KeyType.allCases.contains(where: { access(path + "/" + KeyDirectory.fileName(activation: activation, type: $0), F_OK) == 0 }) {
            activation += 1
        }
        do {
            _ = try KeyDirectory.store(key, path: path, activation: activation)
        } catch {
            throw .runtime("keys.directory \(path): \(error)")
        }
        return activation
    }

    package func remove(_ keys: [StoredKey]) -> [String] {
        keys.compactMap { stored in
            guard let file = stored.key.path, unlink(file) == 0 else { return nil }
            return file
        }
    }

    package func ensureSigningKey(type: KeyType, now: Int64) throws(ServiceError) -> [LoadedKey] {
        do { return try KeyDirectory.ensureOne(path: path, now: now, type: type) } catch {
            throw .runtime("keys.directory \(path): \(error)")
        }
    }
}
