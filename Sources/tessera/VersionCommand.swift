import ArgumentParser
import TesseraTelemetry

/// `tessera version`: the same line as `--version`, `tessera <version> (<revision>)`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version and the source revision it was built from.")

    func run() {
        print(BuildInfo.line)
    }
}
