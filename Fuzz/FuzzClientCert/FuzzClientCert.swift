import FuzzDriver
import TesseraHTTP

/// Fuzzes what a trusted proxy's headers reach: the RFC 9440 `Client-Cert` parser (RFC 8941
/// byte sequence, base64, DER X.509 through d2i_X509) and the CIDR parser of
/// `server.trusted_proxies`. A header either throws a 400 or yields DER that, written back as a
/// byte sequence, parses to the same bytes; it never crashes, leaks or hangs.
enum FuzzClientCert {
    static func run(_ input: UnsafeRawBufferPointer) {
        do {
            let der = try ClientCertHeader.parseDER(input)
            FuzzDriver.check(!der.isEmpty && der.count <= input.count, "DER of \(der.count) bytes from \(input.count)")
            let again = ":\(base64(der)):"
            let reparsed = again.utf8.withContiguousStorageIfAvailable { try? ClientCertHeader.parseDER(UnsafeRawBufferPointer($0)) } ?? nil
            FuzzDriver.check(reparsed == der, "re-encoded header parses differently")
            let certificate = try ClientCertHeader.certificate(input, context: nil)
            // No client_ca to check against: the proxy verified the chain (RFC 9440 §2).
            FuzzDriver.check(certificate.der == der && certificate.chainVerified, "certificate differs from its DER")
        } catch {
            FuzzDriver.check(error.status == 400, "status \(error.status)")
        }
        if input.count <= 64 {
            let text = String(decoding: input, as: UTF8.self)
            if let block = CIDRBlock(parsing: text) {
                // What it prints parses back to the same block.
                FuzzDriver.check(CIDRBlock(parsing: block.description) == block, "\(text) -> \(block) does not round-trip")
            }
        }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let chunk = bytes[i..<min(i + 3, bytes.count)]
            var value = 0
            for (k, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * k) }
            for k in 0..<4 {
                out.append(k <= chunk.count ? alphabet[(value >> (18 - 6 * k)) & 63] : UInt8(ascii: "="))
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@main
enum Main {
    static func main() { FuzzDriver.main(FuzzClientCert.run) }
}
