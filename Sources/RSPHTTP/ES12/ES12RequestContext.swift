/// The request context of the ES12 listener: the mutual-TLS context, whose connection holds the
/// SM-DP+'s client certificate (SGP.22 §2.6.8). Kept as a name for ES12's existing users.
public typealias ES12RequestContext = MutualTLSRequestContext
