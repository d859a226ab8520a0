/// A key from the key directory with the time from which it may sign.
package struct LoadedKey: Sendable {
    /// Unix seconds from which this key may sign (taken from its file name).
    package let activation: Int64
    package let privateKey: any DirectoryKey
    /// The file it came from, when it came from one.
    package let path: String?

    package init(activation: Int64, privateKey: any DirectoryKey, path: String? = nil) {
        self.activation = activation
        self.privateKey = privateKey
        self.path = path
    }

    package var keyID: KeyID { privateKey.keyID }
    package var keyType: KeyType { privateKey.keyType }
}
