/// Consecutive ICCIDs for a bulk import: the digits before the check digit (the 18- or 19-digit
/// body: issuer and account number) count up by one, and each ICCID gets its Luhn check digit
/// (ITU-T E.118), as a card manufacturer's output file would list them.
public struct ICCIDSequence: Sequence, Sendable {
    /// The body of the first ICCID, as a number, and its width in digits (leading zeros kept).
    let firstBody: UInt64
    let width: Int
    public let count: Int

    /// `start` is the first ICCID (its Luhn check digit must be right); `IdentifierError` when the
    /// sequence would overflow the body's digits.
    public init(start: ICCID, count: Int) throws {
        let digits = start.digits
        guard digits.count >= 19, Luhn.isValid(digits), count >= 0 else {
            throw IdentifierError.invalidICCID("the first ICCID needs 19 or 20 digits with a valid Luhn check digit: \(digits)")
        }
        let body = String(digits.dropLast())
        guard let first = UInt64(body) else { throw IdentifierError.invalidICCID("not decimal: \(digits)") }
        let (last, overflow) = first.addingReportingOverflow(UInt64(Swift.max(count, 1) - 1))
        guard !overflow, String(last).count <= body.count else {
            throw IdentifierError.invalidICCID("\(count) ICCIDs from \(digits) do not fit in \(body.count + 1) digits")
        }
        self.firstBody = first
        self.width = body.count
        self.count = count
    }

    public func makeIterator() -> Iterator { Iterator(sequence: self) }

    public struct Iterator: IteratorProtocol {
        let sequence: ICCIDSequence
        var index = 0

        public mutating func next() -> ICCID? {
            guard index < sequence.count else { return nil }
            defer { index += 1 }
            let number = String(sequence.firstBody + UInt64(index))
            let body = String(repeating: "0", count: sequence.width - number.count) + number
            // The body is decimal and 18–19 digits long, so this ICCID always parses.
            return try? ICCID(digits: body + String(Luhn.checkDigit(for: body)), checkLuhn: false)
        }
    }
}

extension Luhn {
    /// The digit that makes `body` + digit pass `isValid` (digits other than 0–9 count as 0).
    public static func checkDigit(for body: String) -> Int {
        var sum = 0
        for (index, value) in body.map({ $0.wholeNumberValue ?? 0 }).reversed().enumerated() {
            // Counting from the right of the body, the check digit's neighbour is doubled.
            if index % 2 == 0 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return (10 - sum % 10) % 10
    }
}
