import TesseraConfig

/// Why the service could not start or reload: a configuration problem (exit 2) or a runtime
/// failure such as an unreadable key directory or a port in use (exit 1).
package struct ServiceError: Error, CustomStringConvertible, Sendable {
    package let description: String
    package let isConfiguration: Bool

    package static func configuration(_ error: ConfigError) -> ServiceError {
        ServiceError(description: error.description, isConfiguration: true)
    }

    package static func runtime(_ message: String) -> ServiceError {
        ServiceError(description: message, isConfiguration: false)
    }
}
