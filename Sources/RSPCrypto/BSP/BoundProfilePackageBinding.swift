import RSPCore
import SwiftASN1

/// The plaintext of a Bound Profile Package: what the SM-DP+ binds and what the eUICC
/// recovers (SGP.22 §2.5.5, ES8+ commands in BPP order).
public struct BoundProfilePackageContents: Hashable, Sendable {
    /// ES8+.ConfigureISDP, DER ('BF24').
    public var configureISDP: [UInt8]
    /// ES8+.StoreMetadata, DER ('BF25').
    public var storeMetadata: [UInt8]
    /// ES8+.ReplaceSessionKeys, DER ('BF26'): the profile protection keys, when used.
    public var replaceSessionKeys: [UInt8]?
    /// ES8+.LoadProfileElements: the Unprotected Profile Package.
    public var profileElements: [UInt8]

    public init(configureISDP: [UInt8], storeMetadata: [UInt8], replaceSessionKeys: [UInt8]?, profileElements: [UInt8]) {
        self.configureISDP = configureISDP
        self.storeMetadata = storeMetadata
        self.replaceSessionKeys = replaceSessionKeys
        self.profileElements = profileElements
    }
}

extension BoundProfilePackage {
    /// Binds a profile to one eUICC (SM-DP+ side, SGP.22 §3.1.3.3): ConfigureISDP encrypted, StoreMetadata
    /// MACed, ReplaceSessionKeys encrypted with the session keys; then the profile elements encrypted
    /// with the profile protection keys if given, otherwise with the session keys.
    public static func bind(
        initialiseSecureChannel: InitialiseSecureChannelRequest,
        sessionKeys: SessionKeys,
        contents: BoundProfilePackageContents,
        maxPlaintextPerSegment: Int = BSPConstants.maxPlaintextPerSegment
    ) throws -> BoundProfilePackage {
        var bsp = try BSP(sessionKeys: sessionKeys)
        let configure = try bsp.protectSegmented(
            tag: BSPConstants.encryptedTag, plaintext: contents.configureISDP, maxPlaintextPerSegment: maxPlaintextPerSegment)
        let metadata = try bsp.protectSegmented(
            tag: BSPConstants.macOnlyTag, plaintext: contents.storeMetadata, maxPlaintextPerSegment: maxPlaintextPerSegment)
        var replace: [[UInt8]]?
        if let replaceSessionKeys = contents.replaceSessionKeys {
            replace = try bsp.protectSegmented(
                tag: BSPConstants.encryptedTag, plaintext: replaceSessionKeys, maxPlaintextPerSegment: maxPlaintextPerSegment)
            let keys = try ReplaceSessionKeysRequest(derBytes: replaceSessionKeys)
            try bsp.replaceSessionKeys(
                ppkEnc: keys.ppkEnc.bytes, ppkCmac: keys.ppkCmac.bytes, initialMacChainingValue: keys.initialMacChainingValue.bytes)
        }
        let profile = try bsp.protectSegmented(
            tag: BSPConstants.profileSegmentTag, plaintext: contents.profileElements, maxPlaintextPerSegment: maxPlaintextPerSegment)
        return BoundProfilePackage(
            initialiseSecureChannelRequest: initialiseSecureChannel,
            firstSequenceOf87: try configure.map(segmentValue),
            sequenceOf88: try metadata.map(segmentValue),
            secondSequenceOf87: try replace?.map(segmentValue),
            sequenceOf86: try profile.map(segmentValue))
    }

    /// Verifies every MAC and decrypts every segment (eUICC side), in BPP order; a ReplaceSessionKeys
    /// switches the keys for the profile elements, as the eUICC must.
    public func open(sessionKeys: SessionKeys) throws -> BoundProfilePackageContents {
        var bsp = try BSP(sessionKeys: sessionKeys)
        let configure = try firstSequenceOf87.flatMap { try bsp.unprotect(tag: BSPConstants.encryptedTag, value: $0.bytes) }
        let metadata = try sequenceOf88.flatMap { try bsp.unprotect(tag: BSPConstants.macOnlyTag, value: $0.bytes) }
        var replace: [UInt8]?
        if let secondSequenceOf87 {
            let plaintext = try secondSequenceOf87.flatMap { try bsp.unprotect(tag: BSPConstants.encryptedTag, value: $0.bytes) }
            let keys = try ReplaceSessionKeysRequest(derBytes: plaintext)
            try bsp.replaceSessionKeys(
                ppkEnc: keys.ppkEnc.bytes, ppkCmac: keys.ppkCmac.bytes, initialMacChainingValue: keys.initialMacChainingValue.bytes)
            replace = plaintext
        }
        let profile = try sequenceOf86.flatMap { try bsp.unprotect(tag: BSPConstants.profileSegmentTag, value: $0.bytes) }
        return BoundProfilePackageContents(
            configureISDP: configure, storeMetadata: metadata, replaceSessionKeys: replace, profileElements: profile)
    }
}

/// The value of a protected segment TLV, as BoundProfilePackage's `SEQUENCE OF [n] OCTET STRING` holds it.
private func segmentValue(_ tlv: [UInt8]) throws -> OctetString {
    let node = try DER.parse(tlv)
    guard case .primitive(let value) = node.content else {
        throw BSPError.malformedSegment("a protected segment is a primitive TLV")
    }
    return OctetString(value)
}
