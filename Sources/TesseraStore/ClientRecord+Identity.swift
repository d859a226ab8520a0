import TesseraCore

extension ClientRecord {
    /// What makes this record unusable under contract rule 4, or nil: an id, scope, audience,
    /// certificate name or thumbprint holding a control character (or read back from a store as
    /// not valid UTF-8, which `PostgresRows` turns into U+0000). Only a row written around the
    /// CLI holds one; the node treats such a client as unusable, never as some other grant.
    package var identityProblem: String? {
        if !IdentityText.isAcceptable(id) { return "client id" }
        if scopes.contains(where: { !IdentityText.isAcceptable($0) }) { return "scope" }
        if audiences.contains(where: { !IdentityText.isAcceptable($0) }) { return "audience" }
        let methods = certificateMethods
        for (name, value) in [("subject DN", methods.subjectDN), ("SAN DNS", methods.sanDNS), ("SAN URI", methods.sanURI)] {
            if let value, !IdentityText.isAcceptable(value) { return name }
        }
        if methods.selfSignedCertificates.contains(where: { !IdentityText.isAcceptable($0) }) { return "self-signed certificate" }
        if secrets.contains(where: { !IdentityText.isAcceptable($0.hash) }) { return "secret hash" }
        return nil
    }
}
