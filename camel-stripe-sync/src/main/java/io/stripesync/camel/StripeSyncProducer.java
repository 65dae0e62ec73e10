package io.stripesync.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiRequestParams;
import io.stripesync.camel.catalog.ResourceAction;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.client.StripeJson;
import io.stripesync.camel.client.StripeReply;
import io.stripesync.camel.management.RunningStreams;
import io.stripesync.camel.management.StreamFigures;
import io.stripesync.camel.producer.AnswerBody;
import io.stripesync.camel.source.ChangeFeed;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Creates, retrieves, updates, deletes, lists, searches and runs item actions on the endpoint's resource. Every write
 * carries an Idempotency-Key, so a Camel redelivery of the same exchange never acts twice.
 */
public class StripeSyncProducer extends DefaultProducer {

    private final StripeSyncEndpoint endpoint;
    private final StripeResource resource;
    private final StripeSyncConfiguration config;
    private final BodyMapper bodies;
    private StripeGateway gateway;

    public StripeSyncProducer(StripeSyncEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.resource = endpoint.getResource();
        this.config = endpoint.getConfiguration();
        this.bodies = new BodyMapper(resource, config.getBodyType());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        gateway = endpoint.gateway();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        ProducerOperation operation = operation(in);
        if (operation == ProducerOperation.resnapshot) {
            in.setBody(resnapshot(exchange));
            return;
        }
        ResourceAction action = operation == ProducerOperation.action ? action(in) : null;
        AnswerBody previous = AnswerBody.of(in.getBody());
        Map<String, Object> params;
        if (previous == null) {
            params = params(in.getBody());
        } else {
            // The body is what a stripe-sync step (or the consumer) left: an object or a list of them, never parameters.
            params = new LinkedHashMap<>();
            switch (operation) {
                case create, update -> throw new IllegalArgumentException("Operation " + operation + " on " + resource.name()
                        + " got " + previous.describe() + " as its body, which Stripe would refuse as parameters"
                        + " (id, object, created, ...): send only the fields to " + (operation == ProducerOperation.create
                                ? "create" : "change") + ", as a Map or JSON object, e.g. setBody(constant(Map.of(\"description\","
                        + " \"vip\")))");
                case retrieve, delete, action -> {
                    if (previous.id() != null) {
                        params.put("id", previous.id());
                    }
                }
                default -> {
                    // list and search take their filters from a body of parameters only
                }
            }
        }
        String id = in.getHeader(StripeSyncConstants.OBJECT_ID, String.class);
        if (operation.needsObjectId()) {
            Object bodyId = params.remove("id");
            if (id == null && bodyId != null) {
                id = bodyId.toString();
            }
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("Operation " + operation + " on " + resource.name() + " needs the object id:"
                                                   + " set header " + StripeSyncConstants.OBJECT_ID + " or the body's id");
            }
        }
        String expand = in.getHeader(StripeSyncConstants.EXPAND, config.getExpand(), String.class);
        if (expand != null) {
            List<String> fields = new ArrayList<>();
            for (String f : expand.split(",")) {
                if (!f.isBlank()) {
                    fields.add(f.trim());
                }
            }
            params.put("expand", fields);
        }
        String account = in.getHeader(StripeSyncConstants.ACCOUNT, String.class);
        String effectiveAccount = account != null ? account : config.getAccountId();
        try {
            switch (operation) {
                case list -> list(exchange, path(resource.listPath(), effectiveAccount, null), params, account, false);
                case search -> {
                    String query = in.getHeader(StripeSyncConstants.QUERY, String.class);
                    if (query != null) {
                        params.put("query", query);
                    }
                    if (params.get("query") == null) {
                        throw new IllegalArgumentException("Operation search needs a query: header " + StripeSyncConstants.QUERY
                                                           + " or the body's query field");
                    }
                    list(exchange, resource.searchPath(), params, account, true);
                }
                default -> single(exchange, operation, action, id, params, account, effectiveAccount);
            }
        } catch (StripeException e) {
            throw new StripeSyncException("Stripe refused " + operation + (action == null ? "" : " " + action.name())
                                          + " on " + resource.name() + (id == null ? "" : " " + id), exchange, e);
        }
    }

    private void single(Exchange exchange, ProducerOperation operation, ResourceAction action, String id,
                        Map<String, Object> params, String account, String effectiveAccount)
            throws StripeException {
        String method;
        String path;
        switch (operation) {
            case create -> {
                method = "POST";
                path = path(resource.listPath(), effectiveAccount, null);
            }
            case retrieve -> {
                method = "GET";
                path = path(resource.itemPath(), effectiveAccount, id);
            }
            case update -> {
                method = "POST";
                path = path(resource.itemPath(), effectiveAccount, id);
            }
            case delete -> {
                method = "DELETE";
                path = path(resource.itemPath(), effectiveAccount, id);
            }
            default -> {
                method = action.method();
                path = path(action.path(), effectiveAccount, id);
            }
        }
        String idempotencyKey = "POST".equals(method) ? idempotencyKey(exchange, operation, action, id, account, params) : null;
        StripeReply reply = gateway.call(method, path, params, account, idempotencyKey);
        Message out = exchange.getMessage();
        out.setBody(bodies.body(reply.body()));
        JsonObject body = reply.body();
        if (body.has("id") && !body.get("id").isJsonNull()) {
            out.setHeader(StripeSyncConstants.OBJECT_ID, body.get("id").getAsString());
        }
        out.setHeader(StripeSyncConstants.REQUEST_ID, reply.requestId());
    }

    private void list(Exchange exchange, String path, Map<String, Object> params, String account, boolean search)
            throws StripeException {
        for (String required : search ? List.<String>of() : resource.listRequires()) {
            if (!params.containsKey(required)) {
                throw new IllegalArgumentException("Stripe lists " + resource.name() + " only with " + required
                                                   + " given: put it in the body");
            }
        }
        Long limit = exchange.getIn().getHeader(StripeSyncConstants.LIMIT, Long.class);
        long max = limit == null ? 0 : limit;
        boolean paged = search || resource.paged();
        if (limit != null && limit < 100 && paged) {
            params.putIfAbsent("limit", limit.intValue() < 1 ? 1 : limit.intValue());
        }
        ListPages pages = new ListPages(gateway, path, params, account, search, max, paged).start();
        Message out = exchange.getMessage();
        out.setHeader(StripeSyncConstants.REQUEST_ID, pages.firstRequestId());
        if (config.isStreamList()) {
            out.setBody(new Iterator<Object>() {
                @Override
                public boolean hasNext() {
                    return pages.hasNext();
                }

                @Override
                public Object next() {
                    return bodies.body(pages.next());
                }
            });
        } else {
            List<Object> all = new ArrayList<>();
            pages.forEachRemaining(o -> all.add(bodies.body(o)));
            out.setBody(all);
        }
    }

    /**
     * A signal to the streams of this CamelContext that follow the resource: each begins a new snapshot round of it at
     * its next poll. No request to Stripe.
     *
     * @return what each stream said
     * @throws IllegalStateException when no running stream follows the resource
     */
    private List<String> resnapshot(Exchange exchange) {
        // the objects created in a range, given as a list's created filter is: {"created": {"gte": ..., "lt": ...}}
        Map<String, Object> params = params(exchange.getIn().getBody());
        Object created = params.remove("created");
        if (!params.isEmpty() || created != null && !(created instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Operation resnapshot takes no parameters but a created range, e.g."
                                               + " {\"created\": {\"gte\": 1704067200, \"lt\": 1706745600}}; the body"
                                               + " gave " + (params.isEmpty() ? "created=" + created : params.keySet()));
        }
        Map<?, ?> range = created == null ? Map.of() : (Map<?, ?>) created;
        if (!range.keySet().stream().allMatch(k -> "gte".equals(k) || "lt".equals(k))) {
            throw new IllegalArgumentException("Operation resnapshot takes created[gte] and created[lt] (epoch seconds),"
                                               + " was created" + range.keySet());
        }
        Long gte = seconds(range.get("gte"));
        Long lt = seconds(range.get("lt"));
        // checked before any stream is asked: a stream that does not follow the resource is passed over below
        ChangeFeed.checkCreatedRange(resource, gte, lt);
        List<String> answers = new ArrayList<>();
        for (StreamFigures stream : RunningStreams.of(exchange.getContext()).list()) {
            if (Arrays.asList(String.valueOf(stream.resource()).split(",")).contains(resource.name())
                || "*".equals(stream.resource())) {
                try {
                    answers.add(stream.resnapshot(resource.name(), gte, lt));
                } catch (IllegalArgumentException notFollowed) {
                    // a * stream without this resource (excluded, or not one with events)
                }
            }
        }
        if (answers.isEmpty()) {
            throw new IllegalStateException("No running stripe-sync stream of this CamelContext follows " + resource.name()
                                            + ": operation resnapshot asks a running from(stripe-sync:...) route for a"
                                            + " new snapshot round");
        }
        return answers;
    }

    private static Long seconds(Object value) {
        if (value == null) {
            return null;
        }
        try {
            // a JSON body's numbers come as doubles
            return value instanceof Number n ? n.longValue() : Long.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Operation resnapshot takes created bounds in epoch seconds, was '" + value
                                               + "'", e);
        }
    }

    private ProducerOperation operation(Message in) {
        String header = in.getHeader(StripeSyncConstants.OPERATION, String.class);
        if (header != null) {
            ProducerOperation op = ProducerOperation.parse(header, "Header " + StripeSyncConstants.OPERATION);
            String action = in.getHeader(StripeSyncConstants.ACTION, config.getAction(), String.class);
            StripeSyncConfiguration.checkSupported(resource, op, action, "Header " + StripeSyncConstants.OPERATION);
            return op;
        }
        if (config.getOperation() == null) {
            throw new IllegalArgumentException("No operation for stripe-sync:" + resource.name() + ": set the option operation"
                                               + " or the header " + StripeSyncConstants.OPERATION);
        }
        return config.getOperation();
    }

    private ResourceAction action(Message in) {
        String name = in.getHeader(StripeSyncConstants.ACTION, config.getAction(), String.class);
        if (name == null) {
            throw new IllegalArgumentException("Operation action needs the action: option action or header "
                                               + StripeSyncConstants.ACTION);
        }
        StripeSyncConfiguration.checkSupported(resource, ProducerOperation.action, name, "Operation action");
        return resource.action(name).orElseThrow();
    }

    /** The body as request parameters: a Map, Stripe JSON text, or a stripe-java params object; nothing for null. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> params(Object body) {
        if (body == null) {
            return new LinkedHashMap<>();
        }
        if (body instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        if (body instanceof ApiRequestParams p) {
            return new LinkedHashMap<>(p.toMap());
        }
        if (body instanceof String s) {
            if (s.isBlank()) {
                return new LinkedHashMap<>();
            }
            try {
                return new LinkedHashMap<>(StripeSyncConverters.toMap(JsonParser.parseString(s)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The body is not a JSON object of Stripe parameters: " + e.getMessage(), e);
            }
        }
        if (body instanceof StripeObject o) {
            return new LinkedHashMap<>(StripeSyncConverters.toMap(StripeJson.toJsonTree(o)));
        }
        throw new IllegalArgumentException("The body of a stripe-sync producer must be a Map, a JSON String or a stripe-java"
                                           + " params object, was " + body.getClass().getName());
    }

    private static String path(String template, String account, String id) {
        String path = template;
        if (path.contains("{account}")) {
            if (account == null) {
                throw new IllegalArgumentException("This resource lives under a connected account: set accountId or header "
                                                   + StripeSyncConstants.ACCOUNT);
            }
            path = path.replace("{account}", account);
        }
        return id == null ? path : path.replace("{id}", java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
    }

    /**
     * The header's key, or one derived from the exchange id and the request: a redelivery of the same exchange sends
     * the same key (Stripe answers with the first result), another request from the same exchange a different one.
     */
    private String idempotencyKey(Exchange exchange, ProducerOperation operation, ResourceAction action, String id,
                                  String account, Map<String, Object> params) {
        String header = exchange.getIn().getHeader(StripeSyncConstants.IDEMPOTENCY_KEY, String.class);
        if (header != null) {
            return header;
        }
        String request = resource.name() + "|" + operation + "|" + (action == null ? "" : action.name()) + "|" + id + "|"
                         + account + "|" + params;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return "camel-" + exchange.getExchangeId() + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
