package io.stripesync.camel.simulator;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.annotations.SerializedName;
import com.stripe.StripeClient;
import com.stripe.model.EventDataClassLookup;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.model.StripeSearchResult;
import com.stripe.net.ApiMode;
import com.stripe.net.ApiRequest;
import com.stripe.net.ApiResource;
import com.stripe.net.ApiService;
import com.stripe.net.BaseAddress;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponseGetter;

/**
 * The simulator's own knowledge of Stripe's v1 API surface: which paths exist, with which HTTP methods, for which
 * object. It is recorded from stripe-java's services (Stripe's SDK, generated from Stripe's OpenAPI spec): every public
 * method of every service reachable from {@code StripeClient.v1()} is called against a recorder that notes the HTTP
 * method and path it would send, and never sends it. The object type comes from the method's return type and
 * stripe-java's own object-name table ({@link EventDataClassLookup}).
 *
 * <p>Nothing here reads the component's catalog: routing by this surface is what lets a wrong catalog path or action
 * fail a producer or consumer test with Stripe's own 404, and {@code ApiSurfaceTest} checks the catalog against it.
 */
public final class ApiSurface {

    /** An action on an object: a method on a path under (or equal to) its item path. */
    public record Action(String name, String method, String path) {
    }

    /**
     * One object type as Stripe serves it.
     *
     * @param listParams the list's parameter names (from its parameter class, which mirrors the spec field by field)
     * @param itemMethods the HTTP methods the item path answers as retrieve (GET), update (POST) and delete (DELETE)
     */
    public record ApiObject(String name, String listPath, Set<String> listParams, String itemPath, Set<String> itemMethods,
                            boolean creatable, String searchPath, Map<String, Action> actions) {

        public ApiObject {
            listParams = Set.copyOf(listParams);
            itemMethods = Set.copyOf(itemMethods);
            actions = Map.copyOf(actions);
        }

        public boolean listsByCreated() {
            return listParams.contains("created");
        }

        public Action action(String name) {
            return actions.get(name);
        }
    }

    private static final String PARENT = "SIMPARENT";
    private static final String ID = "SIMID";
    private static volatile ApiSurface recorded;

    private final Map<String, ApiObject> objects;

    private ApiSurface(Map<String, ApiObject> objects) {
        this.objects = Map.copyOf(objects);
    }

    /** The surface of the stripe-java on the classpath, recorded once per JVM. */
    public static ApiSurface stripeJava() {
        ApiSurface s = recorded;
        if (s == null) {
            synchronized (ApiSurface.class) {
                if (recorded == null) {
                    recorded = new Recording().surface();
                }
                s = recorded;
            }
        }
        return s;
    }

    public Collection<ApiObject> objects() {
        return objects.values();
    }

    public ApiObject object(String name) {
        return objects.get(name);
    }

    public ApiObject require(String name) {
        ApiObject o = objects.get(name);
        if (o == null) {
            throw new IllegalArgumentException("Stripe lists no object " + name);
        }
        return o;
    }

    /** One request stripe-java would send: which service method, which HTTP method and path, which object back. */
    private record Route(Class<?> service, String call, String method, String path, String object, boolean collection,
                         boolean search, Set<String> params) {
    }

    /** Walks the services, records each method's request, then sorts the routes to their objects. */
    private static final class Recording {
        private final Recorder recorder = new Recorder();
        private final Map<Class<?>, String> objectNames = new HashMap<>();
        private final List<Route> routes = new ArrayList<>();

        Recording() {
            EventDataClassLookup.classLookup.forEach((name, type) -> objectNames.putIfAbsent(type, name));
        }

        ApiSurface surface() {
            try {
                walk(new StripeClient(recorder).v1(), new HashSet<>());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read stripe-java's services", e);
            }
            // reflection lists methods in no fixed order: sort, so that the surface is the same on every run
            routes.sort(Comparator.comparing((Route r) -> r.service().getName()).thenComparing(Route::call)
                    .thenComparing(Route::path).thenComparing(Route::method));
            // a service belongs to the object it lists or retrieves; its other methods are that object's actions,
            // whatever they return (a customer's delete_discount answers a discount, a quote's pdf a stream)
            Map<Class<?>, String> serviceObject = new HashMap<>();
            for (Route r : routes) {
                if (r.object() != null && (r.call().equals("list") && r.collection() || r.call().equals("retrieve"))) {
                    serviceObject.putIfAbsent(r.service(), r.object());
                }
            }
            Map<String, Draft> drafts = new TreeMap<>();
            for (Route r : routes) {
                if (r.call().equals("list") && r.collection() && r.object() != null) {
                    Draft d = drafts.computeIfAbsent(r.object(), k -> new Draft());
                    boolean better = d.listPath == null || d.listPath.contains("{account}") && !r.path().contains("{account}");
                    if (better) {
                        d.listPath = r.path();
                        d.listParams = new TreeSet<>();
                    }
                    if (r.path().equals(d.listPath)) {
                        d.listParams.addAll(r.params());
                    }
                }
            }
            for (Route r : routes) {
                String object = r.object() != null && drafts.containsKey(r.object()) ? r.object() : serviceObject.get(r.service());
                Draft d = object == null ? null : drafts.get(object);
                // test helpers act on many objects (fund a cash balance, capture a test authorization, update a
                // test outbound payment); the component drives none of them, so only the test clock's own are routed
                if (d == null || r.call().equals("list")
                    || r.path().startsWith("/v1/test_helpers/") && !d.listPath.startsWith("/v1/test_helpers/")) {
                    continue;
                }
                boolean onItem = r.path().endsWith("{id}") && r.call().matches("retrieve|update|delete");
                if (r.search()) {
                    d.searchPath = r.path();
                } else if (r.call().equals("create")) {
                    d.creatable |= r.path().equals(d.listPath) && r.method().equals("POST");
                } else if (onItem) {
                    if (d.itemPath == null || d.itemPath.equals(r.path())) {
                        d.itemPath = r.path();
                        d.itemMethods.add(r.method());
                    }
                } else if (r.path().contains("{id}") && object.equals(serviceObject.get(r.service()))) {
                    // named by the last path segment, except where that names a thing rather than a deed: on the item
                    // path itself (a subscription's cancel) and deletes of a sub-object (a customer's delete_discount)
                    boolean byCall = r.path().endsWith("{id}") || r.method().equals("DELETE");
                    String name = byCall ? snake(r.call()) : r.path().substring(r.path().lastIndexOf('/') + 1);
                    d.actions.putIfAbsent(name, new Action(name, r.method(), r.path()));
                }
            }
            Map<String, ApiObject> result = new LinkedHashMap<>();
            drafts.forEach((name, d) -> result.put(name, new ApiObject(name, d.listPath, d.listParams, d.itemPath,
                    d.itemMethods, d.creatable, d.searchPath, d.actions)));
            return new ApiSurface(result);
        }

        private void walk(Object service, Set<Class<?>> seen) throws ReflectiveOperationException {
            for (Method m : service.getClass().getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                if (m.getParameterCount() == 0 && ApiService.class.isAssignableFrom(m.getReturnType())) {
                    if (seen.add(m.getReturnType())) {
                        walk(m.invoke(service), seen);
                    }
                } else {
                    record(service, m);
                }
            }
        }

        private void record(Object service, Method m) throws ReflectiveOperationException {
            Class<?>[] types = m.getParameterTypes();
            int strings = 0;
            for (Class<?> t : types) {
                if (t == String.class) {
                    strings++;
                } else if (!t.getSimpleName().endsWith("Params") && t != RequestOptions.class) {
                    return;   // maps of raw params, streams: the typed overload records the same request
                }
            }
            String call = m.getName();
            boolean onCollection = call.equals("list") || call.equals("create") || call.equals("search");
            if (strings > 2 || (onCollection ? strings > 1 : strings < 1)) {
                return;
            }
            // on the collection every string is a parent; on an item the last string is the object's id
            Object[] args = new Object[types.length];
            int seenStrings = 0;
            for (int i = 0; i < types.length; i++) {
                if (types[i] == String.class) {
                    seenStrings++;
                    args[i] = !onCollection && seenStrings == strings ? ID : PARENT;
                }
            }
            recorder.reset();
            try {
                m.invoke(service, args);
            } catch (InvocationTargetException expected) {
                // the recorder refuses every request once it has noted it
            }
            if (recorder.path == null) {
                return;
            }
            String path = recorder.path;
            if (path.contains(PARENT)) {
                if (!path.startsWith("/v1/accounts/" + PARENT + "/")) {
                    return;   // lists under another object: the embedded (nested) lists, served by NestedCollections
                }
                path = path.replace(PARENT, "{account}");
            }
            path = path.replace(ID, "{id}");
            Type returned = m.getGenericReturnType();
            Class<?> item = returned instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c
                    ? c : m.getReturnType();
            routes.add(new Route(service.getClass(), call, recorder.method, path, objectNames.get(item),
                    m.getReturnType() == StripeCollection.class, m.getReturnType() == StripeSearchResult.class,
                    paramNames(types)));
        }

        private static Set<String> paramNames(Class<?>[] types) {
            Set<String> names = new TreeSet<>();
            for (Class<?> t : types) {
                if (t.getSimpleName().endsWith("Params")) {
                    for (Field f : t.getDeclaredFields()) {
                        SerializedName s = f.getAnnotation(SerializedName.class);
                        if (s != null) {
                            names.add(s.value());
                        }
                    }
                }
            }
            return names;
        }

        private static String snake(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
        }
    }

    private static final class Draft {
        String listPath;
        Set<String> listParams = Set.of();
        String itemPath;
        final Set<String> itemMethods = new TreeSet<>();
        boolean creatable;
        String searchPath;
        final Map<String, Action> actions = new TreeMap<>();
    }

    /** Answers nothing: notes the method and path stripe-java asked for. */
    private static final class Recorder implements StripeResponseGetter {
        String method;
        String path;

        void reset() {
            method = null;
            path = null;
        }

        @Override
        public <T extends StripeObject> T request(ApiRequest request, Type typeToken) {
            note(request.getMethod(), request.getPath());
            throw new IllegalStateException("recorded");
        }

        @Override
        @SuppressWarnings("deprecation")
        public <T extends StripeObject> T request(BaseAddress a, ApiResource.RequestMethod m, String path,
                                                  Map<String, Object> p, Type t, RequestOptions o, ApiMode mode) {
            note(m, path);
            throw new IllegalStateException("recorded");
        }

        @Override
        @SuppressWarnings("deprecation")
        public InputStream requestStream(BaseAddress a, ApiResource.RequestMethod m, String path, Map<String, Object> p,
                                         RequestOptions o, ApiMode mode) {
            note(m, path);
            throw new IllegalStateException("recorded");
        }

        private void note(ApiResource.RequestMethod m, String path) {
            this.method = m.name();
            this.path = path;
        }
    }
}
