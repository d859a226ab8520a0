import Foundation
import Testing

@testable import TesseraOAuth

/// The edges of the request parse path's shortcuts: a plain body split in place, a single scope
/// checked once, Basic credentials decoded on the stack.
@Suite struct RequestParseEdgeTests {
    private func pairs(_ body: [UInt8]) -> Result<[[UInt8]], OAuthError> {
        var found: [[UInt8]] = []
        return body.withUnsafeBytes { raw in
            do throws(OAuthError) {
                try FormDecoder.forEachParameter(in: raw) { name, value in found.append(Array(name) + [0x3D] + Array(value)) }
                return .success(found)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test(arguments: ["a=1&b=2", "=x&&a&b==c&", "grant_type=client_credentials&scope=tessera.token", "x"])
    func aPlainBodySplitsAsTheDecodingPathDoes(body: String) throws {
        // One escaped parameter more sends the same pairs through the decoding path.
        let plain = try pairs(Array(body.utf8)).get()
        let escaped = try pairs(Array((body + "&z=%41").utf8)).get()
        #expect(escaped == plain + [Array("z=A".utf8)])
    }

    @Test func aRawNonASCIIClientIDIsLeftToTheIDCheckAndAnyOtherIsRefused() {
        let id: [UInt8] = Array("client_id=".utf8) + [0xFF]
        #expect(throws: Never.self) { try pairs(id).get() }
        #expect(throws: OAuthError.self) { try pairs(Array("a=1&".utf8) + [0xFF] + Array("=2".utf8)).get() }
    }

    @Test func aSingleScopeIsCheckedLikeAList() throws {
        #expect(try ScopeParser.parse("  tessera.token ") == ["tessera.token"])
        #expect(try ScopeParser.parse("a.scope.longer.than.fifteen.bytes") == ["a.scope.longer.than.fifteen.bytes"])
        #expect(try ScopeParser.parse(" ") == [])
        // Look-alikes: a byte outside scope-token anywhere in the one token is invalid_scope.
        for value in ["tessera.tokén", "tessera.token\u{0B}", "\u{7F}tessera.token", "tessera\"token", "tessera\\token"] {
            #expect(throws: OAuthError.invalidScope("malformed scope"), "\(value)") { try ScopeParser.parse(value) }
        }
    }

    private func basic(_ decoded: [UInt8]) -> Result<ClientCredentials, OAuthError> {
        let header = Array(("Basic " + Data(decoded).base64EncodedString()).utf8)
        return header.withUnsafeBytes { raw in Result { () throws(OAuthError) in try BasicCredentials.parse(raw) } }
    }

    @Test func anOddByteInBasicCredentials() throws {
        // Not UTF-8 in the id: refused; in the secret: bytes, kept as sent.
        #expect(throws: OAuthError.invalidClient("malformed Basic credentials")) { try basic([0x61, 0xFF, 0x3A, 0x73]).get() }
        let credentials = try basic([0x61, 0x3A, 0xFF, 0x00, 0x3A]).get()
        #expect(credentials.id == "a" && credentials.secret == [0xFF, 0x00, 0x3A] && credentials.rawSecret == nil)
        #expect(throws: OAuthError.invalidClient("malformed Basic credentials")) { try basic(Array(":secret".utf8)).get() }
        #expect(throws: OAuthError.invalidClient("malformed Basic credentials")) { try basic(Array("no-colon".utf8)).get() }
        // Decoding changed the secret: both kept.
        let encoded = try basic(Array("a:b%2Bc+d".utf8)).get()
        #expect(encoded.secret == Array("b+c d".utf8) && encoded.rawSecret == Array("b%2Bc+d".utf8))
    }
}
