/// `${NAME}` substitution in config strings.
///
/// Rules (documented for operators):
/// - `${NAME}` anywhere in a string value, any number of times, is replaced by the environment
///   variable `NAME` (`[A-Za-z_][A-Za-z0-9_]*`). The replacement is not expanded again.
/// - A variable that is not set is an error; a variable set to the empty string expands to "".
/// - `$${` writes a literal `${` (so `$${NAME}` stays `${NAME}`).
/// - Every other `$` is literal, so PHC hashes (`$pbkdf2-sha256$...`) and passwords with `$`
///   need no escaping. `${` that is not a well-formed reference is an error.
enum EnvironmentExpansion {
    enum Failure: Error, Equatable {
        case missing(name: String)
        case malformed
    }

    static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar == "$", next == "$", index + 2 < scalars.count, scalars[index + 2] == "{" {
                output.append("$")
                output.append("{")
                index += 3
            } else if scalar == "$", next == "{" {
                guard let close = scalars[(index + 2)...].firstIndex(of: "}") else { throw .malformed }
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                guard isValidName(name) else { throw .malformed }
                guard let value = environment[name] else { throw .missing(name: name) }
                output.append(contentsOf: value.unicodeScalars)
                index = close + 1
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
