import Testing
import TesseraConfig

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("512KiB", 512 << 10),
        ("16MiB", 16 << 20),
        ("1GiB", 1 << 30),
        ("1048576", 1 << 20),
        ("0", 0),
    ])
    func sizeFormsParse(text: String, expected: Int) {
        #expect(ByteSize.parse(text) == expected)
    }

    @Test(arguments: ["", "16MB", "16mib", "1.5MiB", "-1", "+1", "MiB", "16 MiB", "1e6", "99999999999999999999", "9999999999GiB"])
    func malformedSizesAreRejected(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test func textIsTheShortestSpellingThatParsesBack() {
        #expect(ByteSize.text(16 << 20) == "16MiB")
        #expect(ByteSize.text(1536 << 10) == "1536KiB")
        #expect(ByteSize.text(1000) == "1000")
        for value in [0, 1000, 64 << 10, 16 << 20, 3 << 30] { #expect(ByteSize.parse(ByteSize.text(value)) == value) }
    }

    /// The default, a YAML number, and a unit string for `logging.buffer`.
    @Test func loggingBufferReadsSizes() throws {
        #expect(try ConfigLoader.parse(yaml: "issuer: http://x\n", file: "c.yaml", environment: [:]).logging.buffer == 16 << 20)
        let number = try ConfigLoader.parse(yaml: "logging:\n  buffer: 1048576\n", file: "c.yaml", environment: [:])
        #expect(number.logging.buffer == 1 << 20)
        let unit = try ConfigLoader.parse(yaml: "logging:\n  buffer: 512KiB\n", file: "c.yaml", environment: [:])
        #expect(unit.logging.buffer == 512 << 10)
    }
}
