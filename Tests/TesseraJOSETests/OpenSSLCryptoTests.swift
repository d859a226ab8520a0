import Testing

import TesseraJOSE

@Suite struct OpenSSLCryptoTests {
    @Test func oneOffHMACMatchesRFC4231AndStaysCorrectWhenRepeated() {
        let expected: [UInt8] = [
            0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
            0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
        ]
        for _ in 0..<3 {
            // A different key in between must not leak into the next one-off MAC.
            _ = PreparedHMAC.authenticate(key: Array("other key".utf8), message: [1, 2, 3])
            #expect(PreparedHMAC.authenticate(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)) == expected)
        }
    }

    @Test func constantTimeEqualComparesLengthAndContent() {
        #expect(OpenSSLCrypto.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!OpenSSLCrypto.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!OpenSSLCrypto.constantTimeEqual([1, 2], [1, 2, 3]))
        #expect(OpenSSLCrypto.constantTimeEqual([], []))
    }
}
