extension Duration {
    /// The duration in seconds, as the reports print it.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
