import Testing
import TesseraStore

/// The Redis client cache encoding cannot split a value, whatever bytes it holds (once, a
/// scope `read\x1eadmin` came back from Redis as `read` and `admin`). Random records and byte
/// lists round trip exactly; every truncation of an encoding is refused, never read as less.
struct LengthPrefixedFieldsTests {
    /// splitmix64: reproducible from the seed in the test's arguments.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

        /// Bytes weighted toward what breaks encodings: separators, digits, `:`, `-`, and high bytes.
        mutating func bytes() -> [UInt8] {
            let tricky: [UInt8] = [0x00, 0x1D, 0x1E, 0x1F, 0x7F, 0x3A, 0x2D, 0x30, 0x39, 0x7C, 0xC3, 0xA9, 0xFF]
            return (0..<below(12)).map { _ in below(3) == 0 ? UInt8(truncatingIfNeeded: next()) : tricky[below(tricky.count)] }
        }

        /// Any Unicode text, control characters and combining marks included.
        mutating func text() -> String {
            let scalars: [Unicode.Scalar] = ["\u{0}", "\u{1E}", "\u{1F}", "\u{7F}", ":", "-", "4", "|", "a", "\u{E9}", "\u{301}", "\u{212A}", "\u{1F600}"]
            var out = ""
            for _ in 0..<below(8) { out.unicodeScalars.append(scalars[below(scalars.count)]) }
            return out
        }

        mutating func optionalText() -> String? { below(3) == 0 ? nil : text() }
        mutating func texts() -> [String] { (0..<below(4)).map { _ in text() } }
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 16_016])
    func anyListOfAnyBytesRoundTrips(seed: UInt64) {
        var random = Random(state: seed)
        for _ in 0..<500 {
            let items = (0..<random.below(5)).map { _ in random.bytes() }
            var out: [UInt8] = []
            for item in items { LengthPrefixedFields.append(item, to: &out) }
            var reader = LengthPrefixedFields.Reader(out[...])
            var read: [[UInt8]] = []
            while !reader.isAtEnd, let field = reader.nextBytes() { read.append(Array(field)) }
            #expect(read == items && reader.isAtEnd, "\(items)")
        }
    }

    @Test(arguments: [UInt64(7), 8, 9, 2026])
    func anyClientRecordRoundTripsThroughTheRedisEncoding(seed: UInt64) {
        var random = Random(state: seed)
        for _ in 0..<300 {
            var record = ClientRecord(
                id: "svc", secretHash: random.text(), scopes: random.texts(), audiences: random.texts(),
                introspect: random.below(2) == 0, jwks: random.optionalText(), version: Int64(bitPattern: random.next()))
            record.certificateMethods = ClientCertificateMethods(
                subjectDN: random.optionalText(), sanDNS: random.optionalText(), sanURI: random.optionalText(),
                selfSignedCertificates: random.texts())
            let bytes = RedisClientCache.encode(.found(record))
            #expect(RedisClientCache.decode(bytes, id: "svc") == .found(record), "\(record)")
        }
    }

    @Test func theRecordSeparatorSplitIsOneScope() {
        let record = ClientRecord(id: "x", secretHash: "$h", scopes: ["read\u{1E}admin"], audiences: ["api\u{1F}other"], introspect: false)
        let decoded = RedisClientCache.decode(RedisClientCache.encode(.found(record)), id: "x")
        #expect(decoded == .found(record))
        #expect(record.identityProblem == "scope", "a node refuses the record, never grants `admin`")
    }

    @Test func everyTruncationIsRefusedNotReadAsLess() {
        var record = ClientRecord(id: "svc", secretHash: "$hmac-sha256$s$h", scopes: ["read", "write"], audiences: ["api"],
                                  introspect: true, jwks: #"{"keys":[]}"#, version: 3)
        record.certificateMethods = ClientCertificateMethods(sanDNS: "svc.example")
        let bytes = RedisClientCache.encode(.found(record))
        for count in 0..<bytes.count where Array(bytes.prefix(count)) != [UInt8(ascii: "-")] {
            #expect(RedisClientCache.decode(Array(bytes.prefix(count)), id: "svc") == nil, "prefix of \(count) bytes")
        }
    }

    @Test func valuesOfEarlierFormatsAreAMiss() {
        let third = Array("3\u{1F}$hmac-sha256$s$h\u{1F}1\u{1F}read\u{1E}admin\u{1F}api\u{1F}0\u{1F}".utf8)
        #expect(RedisClientCache.decode(third, id: "svc") == nil)
    }

    @Test func invalidUTF8IsAMissNotARepair() {
        var bytes = Array("4|2:$h1:01:".utf8)
        bytes += [0xC3]  // a list of one item of one byte: not UTF-8
        bytes += Array("3:api1:0-----0:-".utf8)
        #expect(RedisClientCache.decode(bytes, id: "svc") == nil)
    }
}
