import SwiftASN1

/// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6): the signed Profile Installation Result,
/// returned to the LPA and delivered to the SM-DP+ with ES9+.HandleNotification (§5.6.4).
///
/// ```asn1
/// ProfileInstallationResult ::= [55] SEQUENCE { -- Tag 'BF37'
///     profileInstallationResultData [39] ProfileInstallationResultData,
///     euiccSignPIR EuiccSignPIR
/// }
/// EuiccSignPIR ::= [APPLICATION 55] OCTET STRING -- Tag '5F37', eUICC?s signature
/// ```
/// `profileInstallationResultData` keeps its received bytes: `euiccSignPIR` is verified over them.
public struct ProfileInstallationResult: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(55) }

    public var profileInstallationResultData: Encoded<ProfileInstallationResultData>
    public var euiccSignPIR: OctetString

    public init(profileInstallationResultData: Encoded<ProfileInstallationResultData>, euiccSignPIR: OctetString) {
        self.profileInstallationResultData = profileInstallationResultData
        self.euiccSignPIR = euiccSignPIR
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let data = try Encoded<ProfileInstallationResultData>(derEncoded: &nodes, withIdentifier: .context(39))
            let signature = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            nodes.skipExtensions()
            return ProfileInstallationResult(profileInstallationResultData: data, euiccSignPIR: signature)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try profileInstallationResultData.serialize(into: &coder, withIdentifier: .context(39))
            try euiccSignPIR.serialize(into: &coder, withIdentifier: .application(55))
        }
    }
}
