import Testing
import TesseraJOSE

/// SipHash-2-4 with the 128-bit output against the reference implementation's `vectors_sip128`
/// (key 00 01 .. 0f, message i = bytes 00 .. i-1), including messages that end inside, at and
/// past a word.
struct SipHashKeyTests {
    private let key = SipHashKey((0..<16).map { UInt8($0) })

    private func tag(_ length: Int) -> String {
        let message = (0..<length).map { UInt8($0) }
        let digest = message.withUnsafeBytes { key.mac($0) }
        return digest.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test(arguments: [
        (0, "a3817f04ba25a8e66df67214c7550293"),
        (1, "da87c1d86b99af44347659119b22fc45"),
        (2, "8177228da4a45dc7fca38bdef60affe4"),
        (3, "9c70b60c5267a94e5f33b6b02985ed51"),
        (4, "f88164c12d9c8faf7d0f6e7c7bcd5579"),
        (5, "1368875980776f8854527a07690e9627"),
        (15, "5493e99933b0a8117e08ec0f97cfc3d9"),
    ])
    func matchesTheReferenceVector(_ length: Int, _ expected: String) {
        #expect(tag(length) == expected)
    }

    @Test func anotherKeyGivesAnotherTag() {
        let message: [UInt8] = Array("client\u{0}secret".utf8)
        let a = message.withUnsafeBytes { key.mac($0) }
        let b = message.withUnsafeBytes { SipHashKey((1...16).map { UInt8($0) }).mac($0) }
        #expect(!a.constantTimeEquals(b))
        #expect(a.constantTimeEquals(message.withUnsafeBytes { key.mac($0) }))
    }

    /// The two-part tag is the tag of `first || 0x00 || second` for every split of the lengths
    /// around a word (each part ending inside, at and past one), so the secret check's memo is
    /// the one it always was.
    @Test func theJoinedTagIsTheTagOfTheJoinedMessage() {
        for firstLength in 0...17 {
            for secondLength in 0...25 {
                let first = (0..<firstLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
                let second = (0..<secondLength).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
                let whole = (first + [0] + second).withUnsafeBytes { key.mac($0) }
                let joined = first.withUnsafeBytes { first in second.withUnsafeBytes { key.mac(first, joinedTo: $0) } }
                #expect(joined == whole, "\(firstLength) + \(secondLength)")
            }
        }
    }
}
