package io.stripesync.camel.client;

/** Which proxy challenge the credentials answer. */
public enum ProxyAuthScheme {
    /** Whatever the proxy's 407 challenge offers, Digest before Basic. */
    auto,
    /** Basic only: the password crosses the proxy connection base64-encoded, not hashed. */
    basic,
    /** Digest only: a proxy that offers only Basic is refused. */
    digest
}
