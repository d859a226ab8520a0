extension ClientCredentials {
    /// The client a request named when it could not be parsed into credentials (an
    /// `invalid_request`, an unreadable assertion type, a `client_id` that disagrees with the
    /// assertion), for the access log: the id of a readable Basic header, else the form's
    /// `client_id`, else the `sub` of its `client_assertion`. Nil when it named none, or the form
    /// itself cannot be read. Only ever called on an error answer.
    package static func named(
        contentType: UnsafeRawBufferPointer?, authorization: UnsafeRawBufferPointer?, body: UnsafeRawBufferPointer
    ) -> String? {
        if let authorization, let basic = try? BasicCredentials.parse(authorization) { return basic.id }
        guard let contentType, MediaType.isFormURLEncoded(contentType), let form = try? TokenForm(body: body) else { return nil }
        if let clientID = form.credentials.clientID { return clientID }
        return form.credentials.assertion.flatMap(ClientAssertion.subject(of:))
    }
}
