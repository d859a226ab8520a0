import COpenSSL
import CTesseraOpenSSL
import Glibc

/// A server TLS configuration ready for handshakes: one OpenSSL `SSL_CTX` with the certificate
/// chain and key loaded, TLS 1.2 (unless `min_version` is 1.3) and 1.3, ALPN `http/1.1`, nginx's
/// default cipher list, resumption by rotating session tickets, and, with a client CA, a request
/// for a client certificate that any certificate satisfies (see `TLSClientCertificate`).
///
/// Immutable once built and shared by every I/O thread (`SSL_new` is thread-safe on a context).
/// A reload builds a new one from the files; if that throws, the old one stays in use, and
/// connections made with the old one keep it alive until they close.
package final class TLSContext: @unchecked Sendable {
    // @unchecked: the SSL_CTX is not changed once built, and `SSL_new` on it is thread-safe.
    let context: OpaquePointer
    package let settings: TLSSettings
    package let ticketKeys: TLSTicketKeys

    /// Whether handshakes ask for a client certificate (`client_ca` is set).
    package var requestsClientCertificates: Bool { settings.clientCAPath != nil }

    /// Reads the files named in `settings`. Throws a `TLSError` naming the file and OpenSSL's
    /// reason when one is missing, unreadable, not PEM, encrypted, or the key does not match.
    package init(settings: TLSSettings, ticketKeys: TLSTicketKeys = TLSTicketKeys()) throws(TLSError) {
        ERR_clear_error()
        let version = settings.minVersion == .tls13 ? TLS1_3_VERSION : TLS1_2_VERSION
        guard let context = tessera_tls_server_ctx_new(version) else {
            throw .openSSL(file: nil, "cannot create a TLS context")
        }
        self.context = context
        self.settings = settings
        self.ticketKeys = ticketKeys
        try Self.checkReadable(settings.certificatePath)
        guard SSL_CTX_use_certificate_chain_file(context, settings.certificatePath) == 1 else {
            throw .openSSL(file: settings.certificatePath, "not a usable PEM certificate chain")
        }
        try Self.checkReadable(settings.privateKeyPath)
        guard SSL_CTX_use_PrivateKey_file(context, settings.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw .openSSL(file: settings.privateKeyPath, "not a usable unencrypted PEM private key")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .openSSL(file: settings.privateKeyPath, "does not match the certificate \(settings.certificatePath)")
        }
        if let clientCA = settings.clientCAPath {
            try Self.checkReadable(clientCA)
            guard tessera_tls_ctx_set_client_ca(context, clientCA) == 1 else {
                throw .openSSL(file: clientCA, "not a usable PEM list of CA certificates")
            }
        }
        guard tessera_tls_ctx_set_ticket_keys(context, ticketKeys.keys) == 1 else {
            throw .openSSL(file: nil, "cannot install the session ticket keys")
        }
    }

    /// The same settings read again (SIGHUP): new handshakes get whatever the files hold now,
    /// with the same ticket keys so sessions still resume.
    package func reloaded() throws(TLSError) -> TLSContext {
        try TLSContext(settings: settings, ticketKeys: ticketKeys)
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// "no such file" or "cannot be read" is clearer than OpenSSL's "system library" wording.
    private static func checkReadable(_ path: String) throws(TLSError) {
        guard access(path, R_OK) == 0 else {
            let code = errno
            ERR_clear_error()
            throw TLSError(file: path, message: code == ENOENT ? "no such file" : "cannot be read (\(Socket.describe(errno: code)))")
        }
    }
}
