extension TokenEndpoint {
    /// The DPoP proof of a request whose client was authenticated and whose grant holds: the
    /// thumbprint the token is bound to, a refusal (no proof for a client that requires one, a
    /// proof that does not hold), or the jti's claim in the shared store to run off the I/O thread.
    func bindProof(_ proof: PresentedProof?, client: Client, now: Int64) -> DPoPCheck.Outcome {
        guard let proof else {
            return .failed(.invalidDPoPProof("this client's tokens must be DPoP-bound: send a DPoP proof"))
        }
        return dpop.check(proof, client: client, now: now)
    }

    /// A response for `grant`: `token_type` DPoP for a token bound to a proof's key, with the
    /// nonce to use next when nonces are on.
    func bound(_ response: TokenResponse, _ grant: Grant, now: Int64) -> TokenResponse {
        guard grant.proofKey != nil else { return response }
        var response = response
        response.dpop = true
        response.dpopNonce = dpop.nonce(now: now)
        return response
    }
}
