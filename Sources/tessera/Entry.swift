import ArgumentParser
@preconcurrency import Glibc  // stderr: a C global, locked by stdio itself
import TesseraJOSE

/// Exit codes of the contract: 0 success, 1 runtime failure, 2 bad usage or bad configuration.
enum ExitStatus {
    static let runtimeFailure: Int32 = 1
    static let usage: Int32 = 2
}

/// A failure that has already been reported on stderr; only its exit code is left to apply.
struct Reported: Error {
    let code: Int32
}

/// Writes one line to stderr (a CLI error; never a secret).
func printError(_ message: String) {
    fputs(message.hasSuffix("\n") ? message : message + "\n", stderr)
}

@main
enum Entry {
    static func main() {
        OpenSSLCrypto.keepLoadedUntilExit()
        if let invalid = RawArguments.firstInvalid() {
            printError("tessera: argument \(invalid.position) (\"\(invalid.shown)\") is not valid UTF-8; arguments are refused, never repaired")
            exit(ExitStatus.usage)
        }
        do {
            var command = try Tessera.parseAsRoot()
            try command.run()
            exit(0)
        } catch let reported as Reported {
            exit(reported.code)
        } catch {
            let code = Tessera.exitCode(for: error)
            if code == .success {
                // --help and --version go to stdout.
                print(Tessera.fullMessage(for: error))
                exit(0)
            }
            guard code == .validationFailure else {
                printError(Tessera.fullMessage(for: error))
                exit(code.rawValue)
            }
            // Bad usage is one line on stderr, as a bad config is (the usage text is one --help away).
            printError("tessera: " + Tessera.message(for: error))
            exit(ExitStatus.usage)
        }
    }
}
