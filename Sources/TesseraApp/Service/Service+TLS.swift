import TesseraConfig
import TesseraHTTP

extension Service {
    /// `https` with `server.tls`, else `http`: the scheme of the listening line.
    package var scheme: String { hasTLS ? "https" : "http" }

    static func settings(_ config: TLSConfig) -> TLSSettings {
        TLSSettings(certificatePath: config.certificate, privateKeyPath: config.privateKey, clientCAPath: config.clientCA,
                    minVersion: config.minVersion == .tls13 ? .tls13 : .tls12)
    }

    /// The first TLS context: a certificate that cannot be loaded stops the start like a bad
    /// config (exit 2), naming the file and OpenSSL's reason.
    static func tlsContext(_ config: TLSConfig?) throws(ServiceError) -> TLSContextBox? {
        guard let config else { return nil }
        do {
            return try TLSContextBox(settings: settings(config))
        } catch {
            throw ServiceError(description: "server.tls: \(error.description)", isConfiguration: true)
        }
    }

    static func trustedProxies(_ entries: [String]) throws(ServiceError) -> TrustedProxies {
        do {
            return try TrustedProxies(parsing: entries)
        } catch {
            throw ServiceError(description: "server.trusted_proxies: \(error)", isConfiguration: true)
        }
    }

    /// SIGHUP: new handshakes get the certificate and key the files hold now (the paths may have
    /// changed too). A file that cannot be loaded throws, and the caller keeps everything it runs.
    /// Turning TLS on or off needs a restart (the listener's scheme would change under its clients).
    func reloadTLS(_ config: TLSConfig?) throws(ServiceError) {
        guard let tls else {
            if config != nil { Log.warning("server.tls takes effect after a restart") }
            return
        }
        guard let config else {
            Log.warning("removing server.tls takes effect after a restart; the running certificate is kept")
            return
        }
        do {
            try tls.reload(settings: Self.settings(config))
        } catch {
            throw ServiceError(description: "server.tls: \(error.description)", isConfiguration: true)
        }
    }
}
