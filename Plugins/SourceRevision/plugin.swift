import Foundation
import PackagePlugin

/// Bakes the git revision the package is built from into the target as `BuildInfo.revision`
/// (`tessera version`, `tessera_build_info`). A prebuild command runs `/bin/sh` on every build:
/// it asks git for the revision, falls back to "unknown" when git or `.git` is missing (a Docker
/// build context, a source tarball), and rewrites the generated file only when it changed, so an
/// unchanged revision recompiles nothing.
@main
struct SourceRevision: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let file = output.appending(path: "BuildRevision.swift").path
        let package = context.package.directoryURL.path
        let script = """
            rev=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || rev=""
            case "$rev" in ''|*[!0-9a-f]*) rev=unknown ;; esac
            mkdir -p "$(dirname "$2")"
            text="extension BuildInfo { package static let revision = \\"$rev\\" }"
            [ -f "$2" ] && [ "$(cat "$2")" = "$text" ] || printf '%s\\n' "$text" > "$2"
            """
        return [.prebuildCommand(
            displayName: "Source revision",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "revision", package, file],
            outputFilesDirectory: output)]
    }
}
