import ArgumentParser
import Glibc
import TesseraOAuth

struct SecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Make client secrets and their hashes for clients[].secret_hash.",
        subcommands: [Generate.self, Hash.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new random secret (256 bits, URL-safe) and, on the next line, its hash.")

        func run() throws {
            let (secret, hash) = Secret.generateWithHash()
            print(secret)
            print(hash.phcString)
        }
    }

    struct Hash: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one secret from stdin (one trailing newline is not part of it) and print its PBKDF2 hash.")

        func run() throws {
            let bytes = try readSecretFromStdin(command: "secret hash")
            if let shown = Self.characterNeedingEncoding(bytes) {
                printError("""
                    tessera secret hash: warning: the secret holds \(shown), which HTTP Basic clients must \
                    form-urlencode (RFC 6749 §2.3.1); Tessera accepts it either way, other servers may not
                    """)
            }
            print(SecretHash.makePBKDF2(secret: bytes).phcString)
        }

        /// The first character of `secret` that form-urlencoding would change (anything but
        /// letters, digits and `-._~*`), quoted for the warning; nil when there is none.
        static func characterNeedingEncoding(_ secret: [UInt8]) -> String? {
            for byte in secret {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "*"):
                    continue
                case 0x21...0x7E:
                    return "'\(Character(Unicode.Scalar(byte)))'"
                default:
                    return byte == 0x20 ? "a space" : "a non-ASCII or control byte"
                }
            }
            return nil
        }
    }
}
