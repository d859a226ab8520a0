import Testing
import TesseraJOSE

/// The prepared-key HMAC against RFC 4231 (HMAC-SHA256 test cases 2 and 6) and against OpenSSL's
/// own HMAC for keys of every length around the 64-byte block size (through PBKDF2 with one
/// iteration, whose output is HMAC(key, salt || 00 00 00 01), RFC 8018 §5.2).
struct PreparedHMACTests {
    private func mac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        let prepared = PreparedHMAC(key: key)
        var out = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBytes { m in out.withUnsafeMutableBytes { prepared.authenticate(m, into: $0) } }
        return out
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func rfc4231TestCase2ShortKey() {
        #expect(hex(mac(Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231TestCase6KeyLongerThanABlock() {
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(hex(mac(key, message)) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test(arguments: [0, 1, 16, 32, 63, 64, 65, 200])
    func agreesWithOpenSSLHMACForKeyLength(_ length: Int) {
        let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let message = Array("a client secret of some length".utf8)
        let openSSL = key.withUnsafeBytes { OpenSSLCrypto.pbkdf2SHA256(password: $0, salt: message, iterations: 1) }
        #expect(mac(key, message + [0, 0, 0, 1]) == openSSL)
        #expect(PreparedHMAC.authenticate(key: key, message: message + [0, 0, 0, 1]) == openSSL)
    }

    @Test func oneKeyGivesTheSameMacEveryTime() {
        let prepared = PreparedHMAC(key: Array("k".utf8))
        var first = [UInt8](repeating: 0, count: 32), second = first
        [UInt8]([1, 2, 3]).withUnsafeBytes { m in
            first.withUnsafeMutableBytes { prepared.authenticate(m, into: $0) }
            second.withUnsafeMutableBytes { prepared.authenticate(m, into: $0) }
        }
        #expect(first == second)
    }
}
