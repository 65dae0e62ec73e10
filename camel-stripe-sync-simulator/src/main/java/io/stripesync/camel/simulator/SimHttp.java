package io.stripesync.camel.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Raw HTTP to the simulator through the JDK client, for asserting exact statuses, headers and JSON. */
final class SimHttp {

    record Response(int status, HttpResponse<String> raw) {
        JsonObject json() {
            return JsonParser.parseString(raw.body()).getAsJsonObject();
        }

        JsonObject error() {
            return json().getAsJsonObject("error");
        }

        List<String> ids() {
            List<String> ids = new ArrayList<>();
            for (JsonElement e : json().getAsJsonArray("data")) {
                ids.add(e.getAsJsonObject().get("id").getAsString());
            }
            return ids;
        }

        JsonArray data() {
            return json().getAsJsonArray("data");
        }

        boolean hasMore() {
            return json().get("has_more").getAsBoolean();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private String apiKey = "sk_test_simulator";
    private String account;
    private String idempotencyKey;

    SimHttp(StripeSimulator sim) {
        this.base = sim.baseUrl();
    }

    SimHttp key(String key) {
        this.apiKey = key;
        return this;
    }

    SimHttp account(String acct) {
        this.account = acct;
        return this;
    }

    SimHttp idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    Response get(String pathAndQuery) {
        return send(builder(pathAndQuery).GET());
    }

    Response delete(String path) {
        return send(builder(path).DELETE());
    }

    /** POST with a form body given as already-encoded pairs, e.g. {@code "email=a%40b.c&metadata[k]=v"}. */
    Response post(String path, String form) {
        return send(builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    static String form(Map<String, String> pairs) {
        StringBuilder sb = new StringBuilder();
        pairs.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (account != null) {
            b.header("Stripe-Account", account);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
