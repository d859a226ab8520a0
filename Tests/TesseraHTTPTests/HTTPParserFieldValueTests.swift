import Testing
@testable import TesseraHTTP

/// Field values are scanned eight bytes at a time: a control byte must be found wherever it
/// sits in a long value, and tabs and obs-text must still pass.
struct HTTPParserFieldValueTests {
    private let parser = HTTPParser()

    private func request(value: [UInt8]) -> [UInt8] {
        Array("GET / HTTP/1.1\r\nHost: t\r\nX-Long: ".utf8) + value + Array("\r\n\r\n".utf8)
    }

    @Test(arguments: [0x00, 0x01, 0x0A, 0x1F, 0x7F] as [UInt8])
    func aControlByteAnywhereInALongValueIsRefused(_ control: UInt8) {
        for position in 0..<40 {
            var value = [UInt8](repeating: UInt8(ascii: "v"), count: 40)
            value[position] = control
            let result = parser.parse(request(value: value)).result
            #expect(result.error == .badRequest("invalid character in header field"), "at \(position)")
        }
    }

    @Test func tabsSpacesAndObsTextInALongValueAreAccepted() {
        var value = [UInt8](repeating: UInt8(ascii: "v"), count: 40)
        value[3] = 0x09
        value[17] = 0x20
        value[30] = 0xE9
        value[31] = 0xFF
        let (result, fields) = parser.parse(request(value: value))
        #expect(result.head != nil)
        #expect(fields.last.map { $0.value.count } == 40)
    }

    /// A value whose length is not a multiple of eight ends in a word that overlaps the ones
    /// already checked: a control byte in that last stretch is still found.
    @Test(arguments: [8, 9, 13, 15, 17, 43])
    func aControlByteInTheLastPartialWordIsRefused(length: Int) {
        for position in 0..<length {
            var value = [UInt8](repeating: UInt8(ascii: "v"), count: length)
            value[position] = 0x01
            let result = parser.parse(request(value: value)).result
            #expect(result.error == .badRequest("invalid character in header field"), "at \(position)")
        }
    }

    @Test(arguments: [9, 13, 43])
    func aTabInTheLastPartialWordIsAccepted(length: Int) {
        var value = [UInt8](repeating: UInt8(ascii: "v"), count: length)
        value[length - 2] = 0x09
        let (result, fields) = parser.parse(request(value: value))
        #expect(result.head != nil)
        #expect(fields.last.map { $0.value.count } == length)
    }

    @Test func aLongValueCutAnywhereIsIncomplete() {
        let whole = request(value: [UInt8](repeating: UInt8(ascii: "v"), count: 40))
        for cut in 0..<(whole.count - 1) {
            #expect(parser.parse(Array(whole[..<cut])).result.isIncomplete, "cut at \(cut)")
        }
    }
}
