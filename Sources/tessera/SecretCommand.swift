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
            print(SecretHash.makePBKDF2(secret: bytes).phcString)
        }
    }
}
