import Testing

@testable import TesseraOAuth

/// `htu` comparison (RFC 9449 §4.3; RFC 3986 §6.2.2, §6.2.3).
@Suite struct TargetURITests {
    @Test(arguments: [
        "https://tessera.test/oauth/token",
        "HTTPS://Tessera.TEST/oauth/token",
        "https://tessera.test:443/oauth/token",
        "https://tessera.test:/oauth/token",
        "https://tessera.test/oauth/token?x=1",
        "https://tessera.test/oauth/token#frag",
        "https://tessera.test/%6Fauth/token",
        "https://tessera.test/oauth/./token",
        "https://tessera.test/oauth/x/../token",
        "https://tessera.t%45st/oauth/token",
        "https://tessera.test/oauth/%2E%2E/oauth/token",
    ])
    func equivalentSpellingsNormalizeAlike(_ spelling: String) {
        #expect(TargetURI.normalize(spelling) == "https://tessera.test/oauth/token")
    }

    @Test func percentEncodingsAreUpperCasedAndTheEmptyPathIsSlash() {
        #expect(TargetURI.normalize("http://h.test:80") == "http://h.test/")
        #expect(TargetURI.normalize("http://h.test/a%2fb") == "http://h.test/a%2Fb")
        #expect(TargetURI.normalize("http://h.test:8080/x") == "http://h.test:8080/x")
        // A host's escapes keep upper-case hex: only its letters are lowered.
        #expect(TargetURI.normalize("http://H%3a.test/") == "http://h%3A.test/")
        #expect(TargetURI.normalize("https://[::1]:443/x") == "https://[::1]/x")
    }

    @Test(arguments: [
        "https://tessera.test/oauth/Token", "http://tessera.test/oauth/token", "https://tessera.test:8443/oauth/token",
        "https://tessera.test/oauth/token/",
    ])
    func differentTargetsStayDifferent(_ spelling: String) {
        #expect(TargetURI.normalize(spelling) != "https://tessera.test/oauth/token")
    }

    @Test(arguments: ["", "tessera.test/oauth/token", "ftp://h/x", "https://", "https://h/%zz", "https://h/a b", "https://u@h/x",
                      "https://h:443:443/x", "https://h:x/y", "https://h:443x/y",
                      // No host: with the default port, dropping it used to leave `https:///...`,
                      // which a second normalisation refused (found by FuzzClientAssertion).
                      "HTTPS://:443/../tok", "https://:8443/x", "http://:/x",
                      "https://h/\u{e9}", String(repeating: "a", count: 5000)])
    func nonsenseIsNil(_ text: String) {
        #expect(TargetURI.normalize(text) == nil)
    }
}
