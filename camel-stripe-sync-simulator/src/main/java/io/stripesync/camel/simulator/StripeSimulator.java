package io.stripesync.camel.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.Stripe;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.stripesync.camel.simulator.ApiSurface.Action;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;

/**
 * A stateful, in-memory Stripe API over real HTTP (the JDK's HttpServer), for end-to-end tests, demos and benchmarks.
 * It serves every object Stripe lists (ApiSurface, its own record of Stripe's paths) the way the component relies on: Stripe-shaped objects and errors, newest-first
 * lists with cursors and created filters, an event for every change, search, Connect accounts, idempotency keys, and
 * controls for the clock and for faults. Deterministic for a given seed and sequence of calls.
 *
 * <pre>
 * try (StripeSimulator sim = StripeSimulator.start(42)) {
 *     sim.create("customer", Map.of("email", "a@example.com"));
 *     from("stripe-sync:customer?apiKey=sk_test_x&amp;apiBase=" + sim.baseUrl())
 * }
 * </pre>
 */
public final class StripeSimulator implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: every
        // answer would wait ~40 ms. Read once by the JDK when its first HttpServer starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** The simulated clock starts here unless told otherwise: a fixed instant keeps runs repeatable. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final ApiSurface surface = ApiSurface.stripeJava();
    private final Routes routes = new Routes(surface);
    private final Object lock = new Object();
    private final Random ids;
    private final AtomicLong seq = new AtomicLong();
    private final Random sameSecond;
    private final SimClock clock;
    private final SimulatorFaults faults;
    private final WebhookSender webhooks;
    private final RequestCounters counters = new RequestCounters();
    private final Map<String, SimulatedAccount> accounts = new HashMap<>();
    /** Accounts that disconnected from the platform: requests on their behalf are refused. */
    private final java.util.Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, IdempotentResponse> idempotency = new HashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    private record IdempotentResponse(String signature, int status, String body) {
    }

    public StripeSimulator(long seed) {
        this.ids = new Random(seed);
        this.sameSecond = new Random(seed * 17 + 3);
        this.faults = new SimulatorFaults(seed * 31 + 7);
        this.webhooks = new WebhookSender(seed * 43 + 11);
        this.clock = new SimClock(DEFAULT_START);
    }

    /** A simulator listening on a free loopback port. */
    public static StripeSimulator start(long seed) {
        return new StripeSimulator(seed).listen(0);
    }

    public StripeSimulator listen(int port) {
        return listen(port, null);
    }

    /**
     * Behind TLS, as Stripe is: clients must trust the certificate of {@code tls} (a test certificate for localhost
     * and 127.0.0.1), so a test can prove which trust material a client used.
     */
    public StripeSimulator listenTls(int port, SSLContext tls) {
        return listen(port, tls);
    }

    private StripeSimulator listen(int port, SSLContext tls) {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (tls == null) {
                server = HttpServer.create(address, 128);
            } else {
                HttpsServer https = HttpsServer.create(address, 128);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Stripe simulator on port " + port, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stripe-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /**
     * The value for the component's {@code apiBase} option, e.g. {@code http://127.0.0.1:40123}, or
     * {@code https://127.0.0.1:40123} behind TLS (an address the test certificate names).
     */
    public String baseUrl() {
        return server instanceof HttpsServer
                ? "https://127.0.0.1:" + server.getAddress().getPort()
                : "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
        webhooks.close();
    }

    public SimClock clock() {
        return clock;
    }

    public SimulatorFaults faults() {
        return faults;
    }

    /** Webhook endpoints and deliveries: the platform account's events go to every endpoint registered for their type. */
    public WebhookSender webhooks() {
        return webhooks;
    }

    public RequestCounters counters() {
        return counters;
    }

    // ---- direct access for tests (the same state the HTTP API serves) --------------------------------------------

    /** Creates an object on the platform account, with its event, as a POST would. */
    public JsonObject create(String resource, Map<String, Object> fields) {
        return create(null, resource, fields);
    }

    public JsonObject create(String accountId, String resource, Map<String, Object> fields) {
        synchronized (lock) {
            return account(accountId).create(resource(resource), fields, false, null);
        }
    }

    /**
     * Connects a new account to the platform, as OAuth or account creation would: an account object the platform lists
     * at /v1/accounts. The account's own objects and events are reached with {@code Stripe-Account: <its id>}.
     */
    public String connectAccount() {
        return create(null, "account", Map.of()).get("id").getAsString();
    }

    /**
     * The account disconnects from the platform (Stripe's deauthorization): the platform no longer lists it, every
     * request made on its behalf is refused with 403, and its events get {@code account.application.deauthorized}
     * (which Stripe sends to the platform's Connect webhook endpoints).
     */
    public void deauthorize(String accountId) {
        synchronized (lock) {
            account(null).store(resource("account")).remove(accountId);
            JsonObject application = new JsonObject();
            application.addProperty("id", "ca_simulated");
            application.addProperty("object", "application");
            application.addProperty("name", "Simulated platform");
            account(accountId).events().record("account.application.deauthorized", application, null, null);
            revoked.add(accountId);
        }
    }

    public JsonObject update(String accountId, String resource, String id, Map<String, Object> fields) {
        synchronized (lock) {
            return account(accountId).update(resource(resource), id, fields, false, null);
        }
    }

    public JsonObject delete(String accountId, String resource, String id) {
        synchronized (lock) {
            return account(accountId).delete(resource(resource), id, null);
        }
    }

    public JsonObject update(String resource, String id, Map<String, Object> fields) {
        synchronized (lock) {
            return account(null).update(resource(resource), id, fields, false, null);
        }
    }

    public JsonObject delete(String resource, String id) {
        synchronized (lock) {
            return account(null).delete(resource(resource), id, null);
        }
    }

    /**
     * Records an event of any type whose data.object is the given map (it needs an {@code object} field), without
     * touching any stored object: for events of objects outside the catalog, such as {@code customer.discount.created}.
     */
    public JsonObject emitEvent(String type, Map<String, Object> dataObject) {
        synchronized (lock) {
            return account(null).events().record(type, JsonParser.parseString(
                    new Gson().toJson(dataObject)).getAsJsonObject(), null, null);
        }
    }

    public JsonObject retrieve(String resource, String id) {
        synchronized (lock) {
            return account(null).retrieve(resource(resource), id);
        }
    }

    /**
     * Adds {@code count} pre-existing objects without events (as if made before the 30-day event window), one per
     * second, the last (index {@code count - 1}) at {@code newest}. {@code fields} gives each object's fields by index.
     */
    public void seed(String resource, int count, Instant newest, IntFunction<Map<String, Object>> fields) {
        ApiObject r = resource(resource);
        synchronized (lock) {
            SimulatedAccount platform = account(null);
            long newestSecond = newest.getEpochSecond();
            for (int i = 0; i < count; i++) {
                platform.seed(r, newestSecond - (count - 1 - i), fields.apply(i));
            }
        }
    }

    /** The live objects of a resource on the platform account, newest first. */
    public List<JsonObject> objects(String resource) {
        return objects(null, resource);
    }

    public List<JsonObject> objects(String accountId, String resource) {
        synchronized (lock) {
            return account(accountId).objects(resource(resource));
        }
    }

    public int count(String resource) {
        synchronized (lock) {
            return account(null).count(resource(resource));
        }
    }

    /** Every event recorded on a connected account, oldest first, visible or not. */
    public List<JsonObject> eventsOf(String accountId) {
        synchronized (lock) {
            return account(accountId).events().all();
        }
    }

    /** Every event recorded on the platform account, oldest first, visible or not. */
    public List<JsonObject> events() {
        synchronized (lock) {
            return account(null).events().all();
        }
    }

    private ApiObject resource(String name) {
        return surface.require(name);
    }

    private SimulatedAccount account(String accountId) {
        return accounts.computeIfAbsent(accountId == null ? "" : accountId,
                k -> new SimulatedAccount(this, accountId));
    }

    String newId(String prefix) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder(prefix);
        synchronized (ids) {
            for (int i = 0; i < 14; i++) {
                sb.append(alphabet.charAt(ids.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    /** A list-order key for an event within its second: random, as Stripe's order within a second is not the change order. */
    long sameSecondOrder() {
        synchronized (sameSecond) {
            return ((long) sameSecond.nextInt(1 << 20) << 32) | seq.incrementAndGet();
        }
    }

    ApiObject apiObject(String name) {
        return resource(name);
    }

    /**
     * From now on the platform account's events are rendered at this API version, as when an account's default version
     * is older than the one stripe-java pins (see VersionShapes for the modelled difference).
     */
    public void accountApiVersion(String version) {
        synchronized (lock) {
            account(null).events().apiVersion(version);
        }
    }

    /**
     * Whether the platform account still receives event types Stripe has retired (invoiceitem.updated, ...), as
     * accounts did during their deprecation window. Off by default, as at Stripe today.
     */
    public void legacyEvents(boolean on) {
        synchronized (lock) {
            account(null).events().legacyEvents(on);
        }
    }

    /** Whether the platform account emits an event when an object of the resource changes this way (suffix updated, ...). */
    public boolean emitsEvent(String resource, String suffix) {
        synchronized (lock) {
            return account(null).events().emittedType(resource(resource), suffix) != null;
        }
    }

    /** Runs an item action directly (e.g. invoice add_lines with lines, subscription cancel), as its POST would. */
    public JsonObject action(String resource, String id, String action, Map<String, Object> params) {
        ApiObject r = resource(resource);
        Action a = r.action(action);
        if (a == null) {
            throw new IllegalArgumentException(resource + " has no " + action);
        }
        synchronized (lock) {
            return account(null).action(r, a, id, params, null);
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = newId("req_");
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String stripeAccount = exchange.getRequestHeaders().getFirst("Stripe-Account");
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
        String route = method + " " + path;
        Map<String, Object> params = Map.of();
        int status;
        String body;
        Map<String, String> extraHeaders = new HashMap<>();
        String apiKey = null;
        boolean admitted = false;
        try {
            String raw = readBody(exchange);
            params = FormDecoder.decode("GET".equals(method) || "DELETE".equals(method)
                    ? exchange.getRequestURI().getRawQuery() : raw);
            Routes.Match match = routes.match(path);
            // Stripe counts a request against its limits when it arrives, before it does any work; a rate-limited
            // answer names its reason and does not ask to be retried (stripe-java does not retry it)
            apiKey = bearer(exchange);
            String refused = faults.admit(apiKey, method, match == null ? path : match.template(),
                    match != null && match.kind() == Routes.Kind.SEARCH);
            if (refused != null) {
                extraHeaders.put("Stripe-Rate-Limited-Reason", refused);
                throw new StripeApiError(429, "invalid_request_error", "rate_limit", null,
                        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.");
            }
            admitted = true;
            sleep(faults.nextLatencyMillis());
            if (faults.lockTimeout()) {
                extraHeaders.put("Stripe-Should-Retry", "true");
                throw new StripeApiError(429, "invalid_request_error", "lock_timeout", null,
                        "This object cannot be accessed right now because another API request or Stripe process is"
                                                                                        + " currently accessing it.");
            }
            int auth = faults.authStatus(bearer(exchange));
            if (auth == 401) {
                throw new StripeApiError(401, "invalid_request_error", null, null,
                        "Invalid API Key provided: " + maskedKey(bearer(exchange)));
            }
            if (auth == 403) {
                throw new StripeApiError(403, "invalid_request_error", "secret_key_required", null,
                        "The provided key '" + maskedKey(bearer(exchange)) + "' does not have the required permissions"
                                                                                  + " for this endpoint.");
            }
            int injected = faults.injectedFailure();
            if (injected != 0) {
                extraHeaders.put("Stripe-Should-Retry", "true");
                throw new StripeApiError(injected, "api_error", null, null,
                        "Simulated failure (injected " + injected + ")");
            }
            if (stripeAccount != null && revoked.contains(stripeAccount)) {
                throw new StripeApiError(403, "invalid_request_error", null, null,
                        "The provided key '" + maskedKey(bearer(exchange)) + "' does not have access to account '"
                        + stripeAccount + "' (or that account does not exist). Application access may have been"
                        + " revoked.");
            }
            if (match == null) {
                throw StripeApiError.unrecognizedUrl(method, path);
            }
            route = method + " " + match.template();
            String account = match.account() != null ? match.account() : stripeAccount;
            Request request = new Request(requestId, method, path, params, stripeAccount, idempotencyKey, 0);
            if ("POST".equals(method) && idempotencyKey != null) {
                String signature = route + "|" + account + "|" + params;
                synchronized (lock) {
                    IdempotentResponse previous = idempotency.get(idempotencyKey);
                    if (previous != null) {
                        if (!previous.signature().equals(signature)) {
                            throw new StripeApiError(400, "idempotency_error", null, null,
                                    "Keys for idempotent requests can only be used with the same parameters they were"
                                                                                            + " first used with.");
                        }
                        extraHeaders.put("Idempotent-Replayed", "true");
                        status = previous.status();
                        body = previous.body();
                        // counted before answering, so a client that got its answer always finds it counted
                        counters.record(route, apiKey, request.withStatus(status));
                        faults.leave(apiKey);
                        admitted = false;
                        respond(exchange, status, body, requestId, extraHeaders);
                        return;
                    }
                    JsonObject result = atVersion(match, dispatch(match, method, params, account, request), version);
                    body = result.toString();
                    status = 200;
                    idempotency.put(idempotencyKey, new IdempotentResponse(signature, status, body));
                }
            } else {
                synchronized (lock) {
                    body = atVersion(match, dispatch(match, method, params, account, request), version).toString();
                }
                status = 200;
            }
        } catch (StripeApiError e) {
            status = e.status;
            body = e.toJson(requestId).toString();
        } catch (RuntimeException e) {
            status = 500;
            body = new StripeApiError(500, "api_error", null, null, "Simulator error: " + e).toJson(requestId).toString();
        }
        counters.record(route, apiKey, new Request(requestId, method, path, params, stripeAccount, idempotencyKey, status));
        if (admitted) {
            faults.leave(apiKey);
        }
        respond(exchange, status, body, requestId, extraHeaders);
    }

    private JsonObject dispatch(Routes.Match match, String method, Map<String, Object> params, String account,
                                Request request) {
        SimulatedAccount acct = account(account);
        ApiObject r = match.resource();
        String url = request.path();
        switch (match.kind()) {
            case EVENTS:
                requireMethod(method, "GET", request);
                return acct.events().list(params, url);
            case EVENT:
                requireMethod(method, "GET", request);
                return acct.events().retrieve(match.id());
            case COLLECTION:
                if ("GET".equals(method)) {
                    return acct.list(r, params, url);
                }
                if ("POST".equals(method) && r.creatable()) {
                    return acct.create(r, params, true, request);
                }
                throw StripeApiError.unrecognizedUrl(method, request.path());
            case SEARCH:
                requireMethod(method, "GET", request);
                return acct.search(r, params, url);
            case NESTED:
                requireMethod(method, "GET", request);
                return acct.listNested(match.nested(), match.id(), params, url);
            case ACTION:
                requireMethod(method, match.action().method(), request);
                return acct.action(r, match.action(), match.id(), params, request);
            case ITEM:
                if ("GET".equals(method) && r.itemMethods().contains("GET")) {
                    return acct.retrieve(r, match.id());
                }
                if ("POST".equals(method) && r.itemMethods().contains("POST")) {
                    return acct.update(r, match.id(), params, true, request);
                }
                if ("DELETE".equals(method) && r.itemMethods().contains("DELETE")) {
                    return acct.delete(r, match.id(), request);
                }
                for (Action a : r.actions().values()) {
                    if (a.path().equals(r.itemPath()) && a.method().equals(method)) {
                        return acct.action(r, a, match.id(), params, request);
                    }
                }
                throw StripeApiError.unrecognizedUrl(method, request.path());
            default:
                throw StripeApiError.unrecognizedUrl(method, request.path());
        }
    }

    /**
     * The answer as Stripe renders it at the request's {@code Stripe-Version}: objects and the objects of a list. Events
     * keep the version they were created at, whatever the header (Stripe: the Events API ignores it).
     */
    private static JsonObject atVersion(Routes.Match match, JsonObject answer, String version) {
        if (version == null || !VersionShapes.reshapes(version) || match.kind() == Routes.Kind.EVENTS
            || match.kind() == Routes.Kind.EVENT) {
            return answer;
        }
        if (answer.has("data") && answer.get("data").isJsonArray()) {
            JsonArray rendered = new JsonArray();
            answer.getAsJsonArray("data").forEach(o -> rendered.add(VersionShapes.render(o.getAsJsonObject(), version)));
            JsonObject copy = answer.deepCopy();
            copy.add("data", rendered);
            return copy;
        }
        return VersionShapes.render(answer, version);
    }

    private static void requireMethod(String method, String expected, Request request) {
        if (!expected.equals(method)) {
            throw StripeApiError.unrecognizedUrl(method, request.path());
        }
    }

    private void respond(HttpExchange exchange, int status, String body, String requestId, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", requestId);
        String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
        exchange.getResponseHeaders().set("Stripe-Version", version != null ? version : Stripe.API_VERSION);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    }

    private static String maskedKey(String key) {
        if (key == null || key.length() < 12) {
            return "***";
        }
        return key.substring(0, 8) + "*".repeat(4) + key.substring(key.length() - 4);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
