import Testing
import TesseraCore

struct RFC3339TimeTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)), ("2026-12-08T09:30:00Z", 1_796_722_200), ("2026-12-08T10:30:00.999+01:00", 1_796_722_200),
        ("2026-12-08t04:30:00-05:00", 1_796_722_200), ("2024-02-29T00:00:00Z", 1_709_164_800), ("1969-12-31T23:59:59Z", -1),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(RFC3339Time.parse(text) == seconds)
    }

    @Test(arguments: ["", "2026-12-08", "2026-12-08T09:30:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
                      "2026-12-08T24:00:00Z", "2026-12-08T09:30:00Zjunk", "2026-12-08T09:30:00.Z", "2026-12-08T09:30:00+0100"])
    func refuses(text: String) {
        #expect(RFC3339Time.parse(text) == nil)
    }
}
