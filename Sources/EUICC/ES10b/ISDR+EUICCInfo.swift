import RSPCore

extension ISDR {
    /// ES10b.GetEUICCInfo (SGP.22 §5.7.8), EUICCInfo1: the SVN and the CI key identifiers, which the
    /// LPA forwards in ES9+.InitiateAuthentication so the SM-DP+ picks a CI both trust.
    ///
    /// Version negotiation (`VersionNegotiation`): `svn` is the lowest supported version; a card
    /// with more than one adds `highestSvn` and its feature list. A single-version card sends
    /// neither, so a v2.2.2-only card's EUICCInfo1 is exactly the v2 one.
    public func getEUICCInfo1() -> EUICCInfo1 {
        let versions = supportedVersions
        let negotiable = versions.lowest != versions.highest
        return EUICCInfo1(
            svn: versions.lowest.octetString,
            euiccCiPKIdListForVerification: identity.ciPKIdsForVerification.map(OctetString.init),
            euiccCiPKIdListForSigning: identity.ciPKIdsForSigning.map(OctetString.init),
            highestSvn: negotiable ? versions.highest.octetString : nil,
            features: negotiable ? features.bitString : nil)
    }

    /// ES10b.GetEUICCInfo (SGP.22 §5.7.8), EUICCInfo2: the configured capabilities with the CI key
    /// identifiers of this identity; also part of euiccSigned1.
    public func getEUICCInfo2() -> EUICCInfo2 {
        var info = configuration.euiccInfo2Template
        info.euiccCiPKIdListForVerification = identity.ciPKIdsForVerification.map(OctetString.init)
        info.euiccCiPKIdListForSigning = identity.ciPKIdsForSigning.map(OctetString.init)
        return info
    }

    /// ES10b.GetEuiccChallenge (SGP.22 §5.7.7): 16 fresh random bytes that start a new RSP session;
    /// AuthenticateServer must find them in serverSigned1. Any earlier session is abandoned.
    public func getEuiccChallenge() -> GetEuiccChallengeResponse {
        let challenge = testSeams?.fixedChallenge ?? environment.randomBytes(16)
        session = RSPSession(euiccChallenge: challenge)
        installation = nil
        return GetEuiccChallengeResponse(euiccChallenge: OctetString(challenge))
    }
}
