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
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(0, &chunk, chunk.count)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                bytes.append(contentsOf: chunk[0..<n])
                if bytes.count > 4096 {
                    printError("tessera secret hash: the secret is longer than 4096 bytes")
                    throw Reported(code: ExitStatus.usage)
                }
            }
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            guard !bytes.isEmpty else {
                printError("tessera secret hash: no secret on stdin")
                throw Reported(code: ExitStatus.usage)
            }
            print(SecretHash.makePBKDF2(secret: bytes).phcString)
        }
    }
}
