/// An Ed25519 key from the key directory with the time from which it may sign.
package struct LoadedKey: Sendable {
    /// Unix seconds from which this key may sign (taken from its file name).
    package let activation: Int64
    package let privateKey: Ed25519PrivateKey
    /// The file it came from, when it came from one.
    package let path: String?

    package init(activation: Int64, privateKey: Ed25519PrivateKey, path: String? = nil) {
        self.activation = activation
        self.privateKey = privateKey
        self.path = path
    }

    package var keyID: KeyID { privateKey.keyID }
}
