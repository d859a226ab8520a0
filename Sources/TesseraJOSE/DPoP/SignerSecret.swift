/// A secret derived one-way from a signing key, for uses that need every node of a cluster to
/// agree on a key without configuring one (DPoP nonces): the nodes share their signing keys, so
/// they derive the same secret, and nothing about the key can be learnt from it.
/// HMAC-SHA256 keyed with the private key's PKCS#8 PEM (or, for HS256, the HMAC of the label under
/// the secret), over `label`.
package enum SignerSecret {
    /// Nil when the signer's private material cannot be read (a test signer).
    package static func derive(from signer: any JWSSigner, label: String) -> [UInt8]? {
        let message = Array(label.utf8)
        if let renamed = signer as? RenamedSigner { return derive(from: renamed.base, label: label) }
        if let key = signer as? any DirectoryKey, let pem = try? key.pemRepresentation() {
            return PreparedHMAC.authenticate(key: pem, message: message)
        }
        if let hmac = signer as? HS256Key {
            var tag: [UInt8] = []
            let signed: Bool = message.withUnsafeBytes { bytes in
                do { try hmac.sign(bytes, appendingTo: &tag) } catch { return false }
                return true
            }
            return signed ? PreparedHMAC.authenticate(key: tag, message: message) : nil
        }
        return nil
    }
}
