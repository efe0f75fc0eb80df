/// One ordered log of the calls a fake eUICC and a fake SM-DP+ receive, so a test can check
/// the order across both sides.
actor CallLog {
    private(set) var entries: [String] = []
    func record(_ entry: String) { entries.append(entry) }
}
