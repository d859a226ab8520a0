/// `keys:` — where signing keys come from.
package struct KeysConfig: Sendable, Equatable {
    /// Directory of Ed25519 PKCS#8 PEM files. Absolute after loading: a relative path in the
    /// file is resolved against the folder of the config file (against the current directory
    /// for built-in defaults).
    package var directory: String
    /// HMAC secret for HS256 (>= 32 bytes when HS256 is selected). Never log it.
    package var hs256Secret: String

    package init(directory: String = "./keys", hs256Secret: String = "") {
        self.directory = directory
        self.hs256Secret = hs256Secret
    }
}
