package io.stripesync.camel.client;

import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test certificate (localhost, 127.0.0.1; in {@code tls/localhost.p12}) and a trust store holding only it
 * ({@code tls/trust.p12}): a client trusts the simulator or the proxy behind TLS only when given that trust store.
 */
public final class TestTls {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private TestTls() {
    }

    /** What a server behind the test certificate uses. */
    public static SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore("tls/localhost.p12"), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** What a client that trusts the test certificate (and nothing else) uses. */
    public static SSLContext clientContext() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore("tls/trust.p12"));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore keyStore(String resource) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestTls.class.getClassLoader().getResourceAsStream(resource)) {
            store.load(in, PASSWORD);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("Cannot read " + resource, e);
        }
        return store;
    }
}
