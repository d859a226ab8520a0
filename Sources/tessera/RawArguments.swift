import Glibc
import TesseraJOSE

/// The command line as the kernel handed it over. Swift's `CommandLine.arguments`, and so
/// ArgumentParser, repairs bytes that are not UTF-8 into U+FFFD: `client add $'bad\xffid'` would
/// register `bad\u{FFFD}id`, a client the operator never named (contract rule 4: an argument that
/// is not valid UTF-8 is refused, never repaired). So the raw bytes are checked before parsing.
enum RawArguments {
    /// The first argument (1 = the one after `tessera`) that is not valid UTF-8, with its bytes
    /// shown escaped, or nil when every argument is valid.
    static func firstInvalid() -> (position: Int, shown: String)? {
        let argv = CommandLine.unsafeArgv
        for position in 1..<Int(CommandLine.argc) {
            guard let argument = argv[position] else { continue }
            let bytes = UnsafeRawBufferPointer(start: argument, count: strlen(argument))
            if !UTF8Validation.isValid(bytes) { return (position, escaped(bytes)) }
        }
        return nil
    }

    /// Printable ASCII as it is, every other byte as `\xHH`: the line names the argument without
    /// writing its raw bytes (or a repaired look-alike) to the operator's terminal.
    static func escaped(_ bytes: UnsafeRawBufferPointer) -> String {
        var shown = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") {
                shown.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                shown += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return shown
    }
}
