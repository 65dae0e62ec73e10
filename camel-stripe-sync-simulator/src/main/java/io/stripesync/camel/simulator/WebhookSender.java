package io.stripesync.camel.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook deliveries, as Stripe documents them: each event of a registered endpoint's types is POSTed as JSON
 * with a {@code Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body" under the endpoint secret>} header,
 * at least once, in no guaranteed order, and retried with growing pauses while the endpoint does not answer 2xx (Stripe
 * retries for up to three days; here {@code maxAttempts} with a backoff in milliseconds). Faults a webhook-only system
 * suffers are configurable: deliveries dropped altogether, sent twice, delayed (which reorders them). Every attempt is
 * recorded.
 *
 * <p>The signature is computed here from Stripe's documented scheme, not with stripe-java, so a receiver that verifies
 * with stripe-java is checked against an independent signer.
 */
public final class WebhookSender implements AutoCloseable {

    /** One delivery attempt: status 0 when the connection failed, -1 for a delivery the fault model dropped. */
    public record Attempt(String eventId, String endpointId, int attempt, int status, long atMillis) {
    }

    /**
     * @param apiVersion the version its events are rendered at; null: the account's
     * @param connect    a Connect endpoint: it receives the connected accounts' events, not the platform's own
     */
    private record Endpoint(String id, String url, String secret, Set<String> events, String apiVersion, boolean connect) {
        boolean wants(String type) {
            return events.contains("*") || events.contains(type);
        }
    }

    private final Random random;
    /** HTTP/1.1, as Stripe posts (the JDK's default would offer an h2c upgrade first). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "stripe-simulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private volatile double dropRate;
    private volatile double duplicateRate;
    private volatile long maxDelayMillis;
    private volatile int maxAttempts = 5;
    private volatile long backoffMillis = 100;

    WebhookSender(long seed) {
        this.random = new Random(seed);
    }

    /** Registers an endpoint as POST /v1/webhook_endpoints does; returns its id and signing secret. */
    public synchronized Map.Entry<String, String> register(String url, Collection<String> enabledEvents) {
        return register(url, enabledEvents, false);
    }

    /** As {@link #register(String, Collection)}; a Connect endpoint receives the connected accounts' events. */
    public synchronized Map.Entry<String, String> register(String url, Collection<String> enabledEvents, boolean connect) {
        String id = "we_" + token(24);
        String secret = "whsec_" + token(32);
        endpoints.put(id, new Endpoint(id, url, secret, Set.copyOf(enabledEvents), null, connect));
        return Map.entry(id, secret);
    }

    void register(String id, String url, String secret, Collection<String> enabledEvents, String apiVersion,
                  boolean connect) {
        endpoints.put(id, new Endpoint(id, url, secret, Set.copyOf(enabledEvents), apiVersion, connect));
    }

    void unregister(String id) {
        endpoints.remove(id);
    }

    synchronized String token(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** The probability that a delivery is never made (no attempt, no retry). */
    public WebhookSender dropRate(double probability) {
        this.dropRate = probability;
        return this;
    }

    /** The probability that a delivery is made twice. */
    public WebhookSender duplicateRate(double probability) {
        this.duplicateRate = probability;
        return this;
    }

    /** Each delivery waits up to this long before its first attempt, which reorders deliveries. */
    public WebhookSender maxDelay(Duration delay) {
        this.maxDelayMillis = delay.toMillis();
        return this;
    }

    /** Attempts per delivery while the endpoint does not answer 2xx, the n-th retry after backoff x 2^(n-1). */
    public WebhookSender retries(int maxAttempts, Duration backoff) {
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoff.toMillis();
        return this;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Called for every event the account records, with its payload at a version (null: the account's). */
    void eventRecorded(String eventId, String type, Function<String, String> payloadAt) {
        eventRecorded(eventId, type, payloadAt, false);
    }

    /** @param connected the event is a connected account's: only Connect endpoints receive it */
    void eventRecorded(String eventId, String type, Function<String, String> payloadAt, boolean connected) {
        for (Endpoint endpoint : endpoints.values()) {
            if (endpoint.connect() != connected || !endpoint.wants(type)) {
                continue;
            }
            String payload = payloadAt.apply(endpoint.apiVersion());
            double dice;
            long delay;
            boolean twice;
            synchronized (this) {
                dice = random.nextDouble();
                twice = random.nextDouble() < duplicateRate;
                delay = maxDelayMillis == 0 ? 0 : (long) (random.nextDouble() * maxDelayMillis);
            }
            if (dice < dropRate) {
                attempts.add(new Attempt(eventId, endpoint.id(), 0, -1, System.currentTimeMillis()));
                continue;
            }
            for (int copy = 0; copy < (twice ? 2 : 1); copy++) {
                scheduler.schedule(() -> send(endpoint, eventId, payload, 1), delay + copy * 5L, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void send(Endpoint endpoint, String eventId, String payload, int attempt) {
        int status;
        try {
            long t = System.currentTimeMillis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", signatureHeader(payload, endpoint.secret(), t))
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        attempts.add(new Attempt(eventId, endpoint.id(), attempt, status, System.currentTimeMillis()));
        if ((status < 200 || status > 299) && attempt < maxAttempts && endpoints.containsKey(endpoint.id())) {
            scheduler.schedule(() -> send(endpoint, eventId, payload, attempt + 1), backoffMillis << (attempt - 1),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** {@code t=<t>,v1=<hex HMAC-SHA256("<t>.<payload>", secret)>}, Stripe's scheme. */
    public static String signatureHeader(String payload, String secret, long t) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
