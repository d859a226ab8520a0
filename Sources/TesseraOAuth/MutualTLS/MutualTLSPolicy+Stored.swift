import TesseraStore

extension MutualTLSPolicy {
    /// The policy of a stored client, nil when it has no certificate method. A stored thumbprint
    /// that cannot be read (the CLI never writes one) leaves that method out: it fails closed.
    package static func from(_ methods: ClientCertificateMethods) -> MutualTLSPolicy? {
        let subject: Subject? = methods.subjectDN.map(Subject.distinguishedName)
            ?? methods.sanDNS.map(Subject.dnsName) ?? methods.sanURI.map(Subject.uri)
        if let policy = try? make(subject: subject, selfSignedCertificates: methods.selfSignedCertificates) { return policy }
        return try? make(subject: subject, selfSignedCertificates: [])
    }
}
