/// What a TLS listener needs, mapped by the app from `server.tls` (this module never reads the
/// config): absolute paths of the PEM files and the lowest protocol version offered.
package struct TLSSettings: Sendable, Equatable {
    package enum MinimumVersion: Sendable, Equatable {
        case tls12, tls13
    }

    /// PEM chain, leaf first.
    package var certificatePath: String
    package var privateKeyPath: String
    /// PEM CA certificates; when set the handshake asks for a client certificate (never requires
    /// one) and records whether it chains to these.
    package var clientCAPath: String?
    package var minVersion: MinimumVersion

    package init(certificatePath: String, privateKeyPath: String, clientCAPath: String? = nil,
                 minVersion: MinimumVersion = .tls12) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        self.minVersion = minVersion
    }
}
