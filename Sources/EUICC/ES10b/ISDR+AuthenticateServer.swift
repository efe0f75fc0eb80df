import RSPCore
import RSPCrypto
import X509

/// An AuthenticateServer refusal: the code SGP.22 §5.7.13 defines, and why (for diagnostics only).
struct AuthenticateServerFailure: Error {
    var code: AuthenticateErrorCode
    var reason: String
}

extension ISDR {
    /// ES10b.AuthenticateServer (SGP.22 §5.7.13, §3.1.2 step 10-11): authenticates the RSP server and
    /// answers with euiccSigned1 signed by the eUICC, or with the AuthenticateErrorCode of the first
    /// failed check. Any failure ends the session.
    public func authenticateServer(_ request: AuthenticateServerRequest) -> AuthenticateServerResponse {
        let transactionId = request.serverSigned1.value.transactionId
        do {
            let challenge = try checkSessionContext()
            try checkCiPKIdToBeUsed(request.euiccCiPKIdToBeUsed.bytes)
            let serverCertificate = try verifyServerCertificate(request.serverCertificate)
            try verifyServerSignature1(request, certificate: serverCertificate)
            try checkEuiccChallenge(request.serverSigned1.value, expected: challenge)
            let agreement = try acceptVersion(request.serverSigned1.value)
            let ok = try signEuiccSigned1(request)
            if Self.serverRole(of: serverCertificate) == .dsAuth {
                // An SM-DS session (event retrieval, SGP.22 §3.6.2) has no continuation on the eUICC:
                // nothing may follow it (no PrepareDownload, no CancelSession), so it ends here.
                session = nil
                return .authenticateResponseOk(ok)
            }
            session?.authenticated = AuthenticatedServer(
                transactionId: transactionId.bytes, serverAddress: request.serverSigned1.value.serverAddress,
                serverCertificate: serverCertificate, smdpOid: serverCertificate.rspServerOID,
                euiccSignature1: ok.euiccSignature1.bytes, agreement: agreement)
            session?.prepared = nil
            return .authenticateResponseOk(ok)
        } catch let failure as AuthenticateServerFailure {
            session = nil
            return .authenticateResponseError(
                AuthenticateResponseError(transactionId: transactionId, authenticateErrorCode: failure.code))
        } catch {
            session = nil
            return .authenticateResponseError(
                AuthenticateResponseError(transactionId: transactionId, authenticateErrorCode: .undefinedError))
        }
    }

    /// A session exists only after GetEuiccChallenge (noSessionContext otherwise).
    func checkSessionContext() throws -> [UInt8] {
        guard let session else {
            throw AuthenticateServerFailure(code: .noSessionContext, reason: "no euiccChallenge was issued")
        }
        return session.euiccChallenge
    }

    /// euiccCiPKIdToBeUsed must name the CI of the eUICC's own chain (euiccCiPKIdListForSigning):
    /// the eUICC signs with a certificate that chains to it (ciPKUnknown otherwise).
    func checkCiPKIdToBeUsed(_ ciPKId: [UInt8]) throws {
        guard identity.ciPKIdsForSigning.contains(ciPKId) else {
            throw AuthenticateServerFailure(code: .ciPKUnknown, reason: "euiccCiPKIdToBeUsed \(ciPKId.hexString) is not ours")
        }
    }

    /// CERT.DPauth.ECDSA (or CERT.DSauth.ECDSA for an SM-DS) must chain to a trusted CI, be valid now,
    /// carry its role and a P-256 key: ciPKUnknown when its CI is not one we trust, unsupportedCurve for
    /// another curve, invalidCertificate for anything else.
    func verifyServerCertificate(_ der: CertificateDER) throws -> Certificate {
        let certificate: Certificate
        do { certificate = try serverCertificates.certificate(for: der.derBytes) } catch {
            throw AuthenticateServerFailure(code: .invalidCertificate, reason: "unparseable server certificate")
        }
        do { _ = try certificate.p256SigningKey() } catch {
            throw AuthenticateServerFailure(code: .unsupportedCurve, reason: "server key is not NIST P-256")
        }
        let role = Self.serverRole(of: certificate)
        do {
            _ = try RSPChainValidator.validate(leaf: certificate, trustAnchors: identity.trustedCIs, role: role, at: now)
        } catch .issuerUnknown(let subject, let issuer) {
            let aki = try? certificate.authorityKeyIdentifierBytes()
            if let aki, !identity.ciPKIdsForVerification.contains(aki) {
                throw AuthenticateServerFailure(code: .ciPKUnknown, reason: "\(subject): CI \(issuer) is not trusted")
            }
            throw AuthenticateServerFailure(code: .invalidCertificate, reason: "\(subject): issuer \(issuer) unknown")
        } catch {
            throw AuthenticateServerFailure(code: .invalidCertificate, reason: error.description)
        }
        return certificate
    }

    /// The role the server certificate is checked against: CERT.DSauth.ECDSA when it claims the
    /// SM-DS authentication role, CERT.DPauth.ECDSA otherwise (SGP.22 §5.7.13: CERT.XXauth.ECDSA).
    static func serverRole(of certificate: Certificate) -> CertificateRole {
        (try? certificate.rspRoles())?.contains(.dsAuth) == true ? .dsAuth : .dpAuth
    }

    /// serverSignature1 must verify over serverSigned1 as received, with the server certificate's key.
    func verifyServerSignature1(_ request: AuthenticateServerRequest, certificate: Certificate) throws {
        do {
            try RSPSignature.verify(
                rawSignature: request.serverSignature1.bytes,
                over: SignedData.serverSignature1(serverSigned1: request.serverSigned1.derBytes),
                publicKey: certificate.p256SigningKey())
        } catch {
            throw AuthenticateServerFailure(code: .invalidSignature, reason: "serverSignature1 does not verify")
        }
    }

    /// serverSigned1.euiccChallenge must be the challenge this eUICC issued (replay protection).
    func checkEuiccChallenge(_ serverSigned1: ServerSigned1, expected: [UInt8]) throws {
        guard serverSigned1.euiccChallenge.bytes == expected else {
            throw AuthenticateServerFailure(code: .euiccChallengeMismatch, reason: "euiccChallenge differs")
        }
    }

    /// Version negotiation, on the serverSigned1 whose signature was verified (so a changed
    /// sessionContext never gets here: invalidSignature). No sessionContext: the card's lowest
    /// version; a serverSvn the card offered: that version, with the features both listed.
    ///
    /// A serverSvn the card did not offer (outside its range, or its lowest named explicitly)
    /// is refused with `undefinedError`: SGP.22 v2.2.2's AuthenticateErrorCode has no code for
    /// an unsupported version (v3's are not in the v2 ASN.1 a v2 LPA/server decodes), and the
    /// refusal must be readable by every peer.
    func acceptVersion(_ serverSigned1: ServerSigned1) throws -> VersionNegotiation.Agreement {
        let serverVersion: SpecificationVersion?
        do {
            serverVersion = try serverSigned1.sessionContext.map { try SpecificationVersion($0.serverSvn) }
        } catch {
            throw AuthenticateServerFailure(code: .undefinedError, reason: "unreadable serverSvn: \(error)")
        }
        do {
            return try VersionNegotiation.accept(
                serverVersion: serverVersion, serverFeatures: serverSigned1.sessionContext?.features.map(RSPFeatures.init(bitString:)),
                device: supportedVersions, deviceFeatures: features)
        } catch {
            throw AuthenticateServerFailure(code: .undefinedError, reason: error.description)
        }
    }

    /// The agreement of the authenticated session in progress, if any.
    var sessionAgreement: VersionNegotiation.Agreement? { session?.authenticated?.agreement }

    /// Builds euiccSigned1 {transactionId, serverAddress, serverChallenge, euiccInfo2, ctxParams1 as
    /// given by the LPA} and signs it (euiccSignature1), adding CERT.EUICC and CERT.EUM.
    func signEuiccSigned1(_ request: AuthenticateServerRequest) throws -> AuthenticateResponseOk {
        let signed = request.serverSigned1.value
        let euiccSigned1 = try Encoded(EuiccSigned1(
            transactionId: signed.transactionId, serverAddress: signed.serverAddress,
            serverChallenge: signed.serverChallenge, euiccInfo2: getEUICCInfo2(), ctxParams1: request.ctxParams1))
        let signature = try sign(SignedData.euiccSignature1(euiccSigned1: euiccSigned1.derBytes))
        return AuthenticateResponseOk(
            euiccSigned1: euiccSigned1, euiccSignature1: OctetString(signature),
            euiccCertificate: try identity.euiccCertificateDER, eumCertificate: try identity.eumCertificateDER)
    }
}
