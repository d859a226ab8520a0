import Glibc
import TesseraJOSE

extension AdminOperations {
    var keys: KeyAdministration {
        let config = box.current.config
        return KeyAdministration(config: config, policy: policy, storage: keyStorage)
    }

    func listKeys() throws(AdminError) -> [KeyListing] {
        do {
            return try keys.list(now: Int64(time(nil)))
        } catch {
            throw .unavailable("the signing keys could not be read: \(error)")
        }
    }

    /// `keys rotate`; this node reads the new key back at once.
    func rotateKey() throws(AdminError) -> KeyMade {
        guard KeySet.jwsAlgorithm(box.current.config.tokens.algorithm).keyType != nil else {
            throw .conflict("tokens.algorithm is HS256, which signs with keys.hs256_secret, not a stored key")
        }
        let made: KeyMade
        do {
            made = try keys.rotate(now: Int64(time(nil))).made
        } catch {
            throw .unavailable("the key could not be made: \(error)")
        }
        refreshKeys()
        return made
    }

    func delete(_ id: String) throws(AdminError) -> ClientChange {
        try Self.run { () throws(ClientOperationError) in try clients.remove(id) }
    }

    func rotateSecret(_ id: String, keepOld: Int64) throws(AdminError) -> (String, ClientChange) {
        let (change, secret) = try Self.run { () throws(ClientOperationError) in
            try clients.rotateSecret(id, keepOldSeconds: keepOld)
        }
        guard let secret else { throw .unavailable("no secret was generated") }
        return (secret, change)
    }

    func revokeTokens(_ id: String) throws(AdminError) -> ClientChange {
        try Self.run { () throws(ClientOperationError) in try clients.revokeTokens(id) }
    }

    func setDisabled(_ id: String, _ disabled: Bool) throws(AdminError) -> ClientChange {
        try Self.run { () throws(ClientOperationError) in disabled ? try clients.disable(id) : try clients.enable(id) }
    }
}
