import Testing
import TesseraCore

/// Contract rule 4's one check, shared by config, the CLI and records read back from the stores.
struct IdentityTextTests {
    @Test(arguments: ["read", "\u{E9}", "e\u{301}", "https://api.example/x y", "\u{80}", "\u{1F600}"])
    func printableTextIsAcceptable(_ value: String) {
        #expect(IdentityText.isAcceptable(value))
        #expect(IdentityText.problem(value, what: "a scope") == nil)
    }

    @Test(arguments: Array(0...0x1F).map { Unicode.Scalar(UInt8($0)) } + ["\u{7F}"])
    func everyControlCharacterIsRefused(_ scalar: Unicode.Scalar) {
        let value = "read" + String(Character(scalar)) + "admin"
        #expect(!IdentityText.isAcceptable(value))
        #expect(IdentityText.problem(value, what: "a scope") == "a scope must not contain control characters (U+0000-U+001F, U+007F)")
    }

    @Test func invalidUTF8IsRefusedNotRepaired() {
        #expect(IdentityText.problem(bytes: [0x72, 0xC3], what: "a scope") == "a scope is not valid UTF-8")
        #expect(IdentityText.problem(bytes: [0xED, 0xA0, 0x80], what: "a scope") != nil)  // a UTF-16 surrogate
        #expect(IdentityText.problem(bytes: Array("\u{E9}".utf8), what: "a scope") == nil)
        #expect(!IdentityText.isAcceptable(bytes: [0x61, 0x1E]))
    }
}
