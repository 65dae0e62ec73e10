package io.stripesync.camel.client;

/** How the connection to the proxy is made; see the component page's table for what each does on the wire. */
public enum ProxySslType {
    /** A CONNECT tunnel for an https apiBase, plain forwarding for an http one; the proxy connection itself is plain. */
    auto,
    /** The connection to the proxy is TLS (an HTTPS proxy); an https apiBase is then tunnelled inside it (TLS in TLS). */
    always,
    /** No TLS to the proxy and no tunnel: every request is forwarded by absolute URI and the proxy makes the connection. */
    never,
    /** Always a CONNECT tunnel over a plain proxy connection, whatever the apiBase scheme: TLS end to end with Stripe. */
    tunnel
}
