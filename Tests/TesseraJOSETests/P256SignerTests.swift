import Foundation
import Testing
@testable import TesseraJOSE
import TesseraTesting

/// ES256 signatures as `P256PrivateKey` writes them (r and s straight from `ECDSA_do_sign`, no DER
/// in between), checked by a verifier that shares none of that code: Python's `cryptography`, which
/// reads r and s from their fixed places in the 64 bytes and verifies their DER form. Signed on
/// eight threads at once, as the I/O threads do.
@Suite(.requires(TestPython.imports(["cryptography"]), "no python3 with cryptography"))
struct P256SignerTests {
    static let verifier = """
        import json, sys
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
        job = json.load(sys.stdin)
        key = ec.EllipticCurvePublicNumbers(int(job["x"], 16), int(job["y"], 16), ec.SECP256R1()).public_key()
        bad = 0
        for message, signature in job["signed"]:
            raw = bytes.fromhex(signature)
            der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
            try:
                key.verify(der, bytes.fromhex(message), ec.ECDSA(hashes.SHA256()))
            except InvalidSignature:
                bad += 1
        print(len(job["signed"]) - bad, bad)
        """

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// 2,000 signatures: r or s starts with a zero byte in 1 of 128, so about 16 of them do (none
    /// at all once in ~6 million runs). Dropping that byte would shift the rest and fail here.
    @Test func signaturesFromEightThreadsVerifyElsewhereWithLeadingZerosKept() throws {
        let key = try P256PrivateKey.generate()
        let signed = try concurrently(8) { thread in
            try (0..<250).map { index -> (message: [UInt8], signature: [UInt8]) in
                let message = Array("header.payload-\(thread)-\(index)".utf8)
                var signature: [UInt8] = [0xAA]  // appended to, not overwritten
                try message.withUnsafeBytes { try key.sign($0, appendingTo: &signature) }
                return (message, signature)
            }
        }.flatMap { $0 }
        #expect(signed.allSatisfy { $0.signature.count == 65 && $0.signature[0] == 0xAA })
        let raw = signed.map { (message: $0.message, signature: Array($0.signature.dropFirst())) }
        #expect(raw.contains { $0.signature[0] == 0 || $0.signature[32] == 0 })
        // The key's own verifier agrees.
        #expect(raw.allSatisfy { pair in
            pair.signature.withUnsafeBytes { s in pair.message.withUnsafeBytes { key.publicKey.verify(signature: s, signingInput: $0) } }
        })
        let job: [String: Any] = [
            "x": Self.hex(key.publicKey.x), "y": Self.hex(key.publicKey.y),
            "signed": raw.map { [Self.hex($0.message), Self.hex($0.signature)] },
        ]
        let input = String(decoding: try JSONSerialization.data(withJSONObject: job), as: UTF8.self)
        let outcome = try TestPython.run(["-c", Self.verifier], stdin: input)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2000 0")
    }

    /// Random k: the same input never gets the same signature twice.
    @Test func signingOneInputTwiceGivesTwoSignatures() throws {
        let key = try P256PrivateKey.generate()
        let message = Array("header.payload".utf8)
        var first: [UInt8] = [], second: [UInt8] = []
        try message.withUnsafeBytes { try key.sign($0, appendingTo: &first) }
        try message.withUnsafeBytes { try key.sign($0, appendingTo: &second) }
        #expect(first.count == 64 && second.count == 64 && first != second)
    }
}
