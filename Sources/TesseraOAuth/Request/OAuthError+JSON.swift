import TesseraJOSE

extension OAuthError {
    /// Appends `{"error":"...","error_description":"..."}`.
    package func writeJSON(into out: inout [UInt8]) {
        out.appendLiteral(#"{"error":""#)
        out.append(contentsOf: code.utf8)
        out.appendLiteral(#"","error_description":""#)
        JSONWriter.appendEscaped(errorDescription, to: &out)
        out.appendLiteral(#""}"#)
    }
}
