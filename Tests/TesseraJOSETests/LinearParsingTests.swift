import Foundation
import Testing
@testable import TesseraJOSE

/// Contract rule 6: work is linear in the input, and a `crit` header makes a token inactive.
struct LinearParsingTests {
    let edKey: Ed25519PrivateKey
    let ring: KeyRing

    init() throws {
        edKey = try Fixtures.rfcEd25519Key()
        ring = try Fixtures.ring(edKey, hs256Secret: nil)
    }

    func signed(header: String) throws -> String {
        try Fixtures.craft(header: header, payload: Fixtures.payloadJSON(Fixtures.claims())) { try Fixtures.signature(edKey, $0) }
    }

    func verify(_ token: String) -> TokenRejection? {
        if case let .failure(reason) = ring.verify(token: token, now: Fixtures.now, expectedIssuer: Fixtures.issuer) { return reason }
        return nil
    }

    @Test(arguments: [#"["exp"]"#, #"["b64"]"#, "[]", #""x""#])
    func aCritHeaderMakesTheTokenInactive(crit: String) throws {
        let token = try signed(header: #"{"alg":"EdDSA","typ":"at+jwt","kid":"\#(edKey.keyID.value)","crit":\#(crit)}"#)
        #expect(verify(token) == .criticalExtension)
        // The same header without crit verifies: the rejection is the crit member's doing.
        #expect(verify(try signed(header: #"{"alg":"EdDSA","typ":"at+jwt","kid":"\#(edKey.keyID.value)"}"#)) == nil)
    }

    @Test func duplicateHeaderMembersAreRejectedPastTheScanLimit() throws {
        let filler = (0..<20).map { #""m\#($0)":0"# }.joined(separator: ",")
        let header = #"{"alg":"EdDSA","kid":"\#(edKey.keyID.value)",\#(filler),"m3":1}"#
        guard case .malformed = verify(try signed(header: header)) else {
            Issue.record("a duplicate member past the scan limit was accepted")
            return
        }
    }

    @Test func memberNamesAreComparedAsBytes() throws {
        // KELVIN SIGN is canonically equivalent to "K" but a different member name.
        let value = try JSONValue.parse(Array("{\"K\":1,\"\u{212A}\":2}".utf8))
        #expect(value["K"] == .integer(1))
        #expect(value["\u{212A}"] == .integer(2))
        let many = "{" + (0..<20).map { "\"k\($0)\":0" }.joined(separator: ",") + ",\"K\":1,\"\u{212A}\":2}"
        #expect(try JSONValue.parse(Array(many.utf8), limits: .init(maximumMembers: 64))["\u{212A}"] == .integer(2))
    }

    @Test func objectsAndArraysOverTheMemberCapAreRejected() throws {
        let object = "{" + (0..<33).map { "\"m\($0)\":0" }.joined(separator: ",") + "}"
        #expect(throws: JOSEError.self) { try JSONValue.parse(Array(object.utf8), limits: .header) }
        let array = "[" + Array(repeating: "0", count: 257).joined(separator: ",") + "]"
        #expect(throws: JOSEError.self) { try JSONValue.parse(Array(array.utf8)) }
        _ = try JSONValue.parse(Array(("[" + Array(repeating: "0", count: 256).joined(separator: ",") + "]").utf8))
    }

    @Test func aManyMemberHeaderIsRejectedCheaply() throws {
        let members = (0..<500).map { #""m\#($0)":0"# }.joined(separator: ",")
        let token = try signed(header: #"{"alg":"EdDSA","kid":"\#(edKey.keyID.value)",\#(members)}"#)
        guard case .malformed = verify(token) else {
            Issue.record("a 500-member header was not rejected")
            return
        }
    }

    /// Doubling the member count must roughly double the work, not quadruple it: parse objects
    /// of 2,000 and 8,000 distinct members and compare per-member cost.
    @Test func duplicateDetectionIsLinearInTheMemberCount() throws {
        func cost(_ count: Int) throws -> Double {
            let text = "{" + (0..<count).map { "\"member-\($0)\":0" }.joined(separator: ",") + "}"
            let bytes = Array(text.utf8)
            let limits = JSONParser.Limits(maximumBytes: 1 << 20, maximumDepth: 4, maximumMembers: count)
            var best = Double.infinity
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try JSONValue.parse(bytes, limits: limits)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
            }
            return best / Double(count)
        }
        let small = try cost(2_000)
        let large = try cost(8_000)
        // Quadratic detection makes the per-member cost four times larger; linear keeps it flat.
        #expect(large < small * 2.5, "per-member cost \(small) ns at 2,000 vs \(large) ns at 8,000")
    }
}
