import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// The operators allowed to call ES2+ (SGP.22 §5.3; §2.6.5: ES2+ runs over mutually authenticated
/// TLS), and how each call's caller is authenticated.
///
/// An operator is bound to one TLS client certificate (its SHA-256 fingerprint), owns the profiles
/// whose profileOwner is one of its PO IDs ("MCC-MNC"), may be limited to some profile types, and
/// may name a callback URL for HandleDownloadProgressInfo (§5.3.5).
extension SMDPPlus {
    /// Registers an operator. `poIds` are "MCC-MNC" ("001-01", "310-410"); an empty `profileTypes`
    /// allows every type it owns; `callbackURL` (http or https) receives its download progress.
    /// Throws `OperatorRegistrationError` for a taken name or certificate, or invalid input.
    @discardableResult
    public func registerOperator(
        name: String, poIds: [String], profileTypes: [String] = [], certificate: Certificate, callbackURL: String? = nil
    ) async throws -> OperatorRecord {
        let record = OperatorRecord(
            name: name, poIds: poIds, profileTypes: profileTypes,
            certificateFingerprint: try Self.operatorFingerprint(of: certificate), callbackURL: callbackURL, createdAt: now)
        try Self.validate(record)
        if try await store.operatorRecord(name: name) != nil { throw OperatorRegistrationError.duplicateName(name) }
        if let other = try await store.operatorRecord(certificateFingerprint: record.certificateFingerprint) {
            throw OperatorRegistrationError.duplicateCertificate(other.name)
        }
        do {
            try await store.insertOperator(record)
        } catch StoreError.duplicate {
            // A concurrent registration won: say which rule it broke.
            if try await store.operatorRecord(name: name) != nil { throw OperatorRegistrationError.duplicateName(name) }
            throw OperatorRegistrationError.duplicateCertificate(name)
        }
        logger.info("registerOperator", metadata: ["operator": "\(name)", "poIds": "\(poIds)", "outcome": "ok"])
        return record
    }

    /// Replaces a registered operator's PO IDs, profile types, certificate and callback URL
    /// (its name and registration date stay). `unknownOperator` if `name` is not registered,
    /// `duplicateCertificate` if the certificate belongs to another operator.
    @discardableResult
    public func updateOperator(
        name: String, poIds: [String], profileTypes: [String], certificate: Certificate, callbackURL: String?
    ) async throws -> OperatorRecord {
        guard let existing = try await store.operatorRecord(name: name) else {
            throw OperatorRegistrationError.unknownOperator(name)
        }
        let record = OperatorRecord(
            name: name, poIds: poIds, profileTypes: profileTypes,
            certificateFingerprint: try Self.operatorFingerprint(of: certificate), callbackURL: callbackURL,
            createdAt: existing.createdAt)
        try Self.validate(record)
        do {
            try await store.updateOperator(record)
        } catch StoreError.duplicate {
            let other = try await store.operatorRecord(certificateFingerprint: record.certificateFingerprint)
            throw OperatorRegistrationError.duplicateCertificate(other?.name ?? "another operator")
        } catch StoreError.notFound {
            throw OperatorRegistrationError.unknownOperator(name)
        }
        logger.info("updateOperator", metadata: ["operator": "\(name)", "poIds": "\(poIds)", "outcome": "ok"])
        return record
    }

    /// Every registered operator, by name.
    public func operators() async throws -> [OperatorRecord] {
        try await store.operators()
    }

    /// SHA-256 of the certificate's DER: what `ES2PlusCaller.certificateFingerprint` carries.
    public static func operatorFingerprint(of certificate: Certificate) throws -> [UInt8] {
        Array(SHA256.hash(data: try certificate.derBytes()))
    }

    /// The operator making an ES2+ call: the one bound to the caller's TLS client certificate
    /// (else `requesterNotAuthenticated`, 1.1/1.1), which must be the one the header names (else
    /// `requesterNotAllowed`, 1.1/1.2).
    func authenticatedOperator(_ caller: ES2PlusCaller) async throws -> OperatorRecord {
        guard !caller.certificateFingerprint.isEmpty,
            let requester = try await store.operatorRecord(certificateFingerprint: caller.certificateFingerprint)
        else { throw StatusCode.requesterNotAuthenticated }
        guard requester.name == caller.functionRequesterIdentifier else {
            throw StatusCode.requesterNotAllowed.with(
                message: "functionRequesterIdentifier \(caller.functionRequesterIdentifier) does not match the TLS client certificate")
        }
        return requester
    }

    static func validate(_ record: OperatorRecord) throws(OperatorRegistrationError) {
        guard !record.name.isEmpty, record.name.allSatisfy({ !$0.isWhitespace && !$0.isNewline }) else {
            throw .invalid("the operator name must be non-empty, without spaces")
        }
        guard !record.poIds.isEmpty else { throw .invalid("an operator needs at least one PO ID (MCC-MNC)") }
        for poId in record.poIds where !isPOID(poId) {
            throw .invalid("PO ID \(poId) is not MCC-MNC (3 digits, '-', 2 or 3 digits)")
        }
        if record.profileTypes.contains(where: \.isEmpty) { throw .invalid("an empty profile type") }
        if let url = record.callbackURL {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                parsed.host?.isEmpty == false
            else { throw .invalid("the callback URL must be an http(s) URL: \(url)") }
        }
    }

    /// "MCC-MNC" as `OperatorID` prints them: 3 digits, '-', 2 or 3 digits.
    static func isPOID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let digits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        return parts[0].count == 3 && digits(parts[0]) && (2...3).contains(parts[1].count) && digits(parts[1])
    }
}

/// Why an operator could not be registered or updated.
public enum OperatorRegistrationError: Error, Hashable, Sendable, CustomStringConvertible {
    case duplicateName(String)
    /// The certificate is already bound to the named operator.
    case duplicateCertificate(String)
    case unknownOperator(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "an operator named \(name) is already registered"
        case .duplicateCertificate(let name): "this certificate is already registered for operator \(name)"
        case .unknownOperator(let name): "no operator named \(name) is registered"
        case .invalid(let why): "invalid operator: \(why)"
        }
    }
}
