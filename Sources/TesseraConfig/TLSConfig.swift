/// `server.tls:` — HTTPS on the listener. Paths are absolute once loaded (a relative one is
/// taken against the config file's folder, like `keys.directory`); the files themselves are
/// read when the server (or a SIGHUP reload) builds its TLS context, so a bad certificate is
/// reported there with the file and OpenSSL's reason.
package struct TLSConfig: Sendable, Equatable {
    /// The lowest protocol version offered.
    package enum MinimumVersion: String, Sendable, Equatable {
        case tls12 = "1.2"
        case tls13 = "1.3"
    }

    /// PEM chain, leaf first.
    package var certificate: String
    /// PEM private key of the leaf.
    package var privateKey: String
    /// PEM CA certificates: when set, the handshake asks for (but does not require) a client
    /// certificate and records whether it chains to one of these.
    package var clientCA: String?
    package var minVersion: MinimumVersion

    package init(certificate: String, privateKey: String, clientCA: String? = nil, minVersion: MinimumVersion = .tls12) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.clientCA = clientCA
        self.minVersion = minVersion
    }
}
