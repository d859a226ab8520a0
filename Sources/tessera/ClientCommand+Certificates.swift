import ArgumentParser
import Foundation
import TesseraJOSE
import TesseraOAuth
import TesseraStore

extension ClientCommand {
    /// `client add` options for RFC 8705 client authentication by certificate. With any of them
    /// the client gets no secret unless `--secret-stdin` gives one.
    struct CertificateOptions: ParsableArguments {
        @Option(name: .customLong("tls-subject"), help: "tls_client_auth: the certificate subject DN (RFC 4514, e.g. \"CN=svc,O=Example\").")
        var subjectDN: String?
        @Option(name: .customLong("tls-san-dns"), help: "tls_client_auth: a DNS subject alternative name of the certificate.")
        var sanDNS: String?
        @Option(name: .customLong("tls-san-uri"), help: "tls_client_auth: a URI subject alternative name of the certificate.")
        var sanURI: String?
        @Option(name: .customLong("self-signed-cert"), help: "self_signed_tls_client_auth: a certificate file (PEM or DER); repeatable.")
        var selfSignedFiles: [String] = []

        var isEmpty: Bool { subjectDN == nil && sanDNS == nil && sanURI == nil && selfSignedFiles.isEmpty }

        func validate() throws {
            let names = [("--tls-subject", subjectDN), ("--tls-san-dns", sanDNS), ("--tls-san-uri", sanURI)].compactMap { field, value in
                value.map { (field, $0) }
            }
            guard names.count <= 1 else { throw ValidationError("give one of --tls-subject, --tls-san-dns, --tls-san-uri") }
            for (field, value) in names {
                if let problem = ClientIdentifier.problem(field: field, value: value) { throw ValidationError(problem) }
            }
        }

        /// The methods, with each `--self-signed-cert` file read and its thumbprint computed.
        func methods(command: String) throws -> ClientCertificateMethods {
            var thumbprints: [String] = []
            for path in selfSignedFiles {
                guard let bytes = FileManager.default.contents(atPath: path) else {
                    printError("tessera \(command): cannot read \(path)")
                    throw Reported(code: ExitStatus.usage)
                }
                guard let der = CertificateFile.der([UInt8](bytes)) else {
                    printError("tessera \(command): \(path) holds no PEM or DER certificate")
                    throw Reported(code: ExitStatus.usage)
                }
                thumbprints.append(ClientCertificate.thumbprint(of: der))
            }
            return ClientCertificateMethods(subjectDN: subjectDN, sanDNS: sanDNS, sanURI: sanURI, selfSignedCertificates: thumbprints)
        }
    }

    /// `client show` lines for the certificate methods, none when the client has none.
    static func certificateLines(_ methods: ClientCertificateMethods) -> [String] {
        var lines: [String] = []
        if let dn = methods.subjectDN { lines.append("tls_client_auth: subject_dn=\(dn)") }
        if let dns = methods.sanDNS { lines.append("tls_client_auth: san_dns=\(dns)") }
        if let uri = methods.sanURI { lines.append("tls_client_auth: san_uri=\(uri)") }
        for thumbprint in methods.selfSignedCertificates { lines.append("self_signed_certificate: \(thumbprint)") }
        return lines
    }
}
