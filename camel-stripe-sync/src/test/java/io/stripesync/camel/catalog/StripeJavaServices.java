package io.stripesync.camel.catalog;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.annotations.SerializedName;
import com.stripe.StripeClient;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiMode;
import com.stripe.net.ApiRequest;
import com.stripe.net.ApiResource;
import com.stripe.net.ApiService;
import com.stripe.net.BaseAddress;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponseGetter;

/**
 * stripe-java's services as facts about Stripe's API: every {@code list} method reachable from {@code StripeClient.v1()},
 * the path it requests (recorded, never sent) and the fields of its parameter classes, which mirror Stripe's OpenAPI
 * spec field by field.
 */
final class StripeJavaServices {

    record ListMethod(Object service, Method method, Class<?> item) {
    }

    /** Answers nothing: it only records the path stripe-java asked for. */
    private static final class PathRecorder implements StripeResponseGetter {
        String path;

        @Override
        public <T extends StripeObject> T request(ApiRequest request, Type typeToken) {
            path = request.getPath();
            throw new IllegalStateException("recorded");
        }

        @Override
        @SuppressWarnings("deprecation")
        public <T extends StripeObject> T request(BaseAddress a, ApiResource.RequestMethod m, String path,
                                                  Map<String, Object> p, Type t, RequestOptions o, ApiMode mode) {
            this.path = path;
            throw new IllegalStateException("recorded");
        }

        @Override
        @SuppressWarnings("deprecation")
        public InputStream requestStream(BaseAddress a, ApiResource.RequestMethod m, String path, Map<String, Object> p,
                                         RequestOptions o, ApiMode mode) {
            this.path = path;
            throw new IllegalStateException("recorded");
        }
    }

    private final PathRecorder recorder = new PathRecorder();
    private final List<ListMethod> lists = new ArrayList<>();
    private final List<Object> services = new ArrayList<>();

    StripeJavaServices() throws Exception {
        collect(new StripeClient(recorder).v1(), new HashSet<>());
    }

    List<ListMethod> lists() {
        return lists;
    }

    /** The path a list method requests, called with the given first argument (a parent id, or null params). */
    String pathOf(ListMethod lm, String parentId) throws Exception {
        recorder.path = null;
        try {
            lm.method().invoke(lm.service(), parentId == null ? new Object[] { null } : new Object[] { parentId });
        } catch (InvocationTargetException expected) {
            // the recorder refuses every request once it has seen its path
        }
        return recorder.path;
    }

    /** The parameter class of the one-argument method of that name whose request goes to the path, or null. */
    Class<?> paramsClass(String methodName, String path, String idForPath) throws Exception {
        for (Object service : services) {
            for (Method m : service.getClass().getDeclaredMethods()) {
                Class<?>[] types = m.getParameterTypes();
                boolean withId = idForPath != null && types.length == 2 && types[0] == String.class;
                boolean withoutId = idForPath == null && types.length == 1;
                if (!m.getName().equals(methodName) || !Modifier.isPublic(m.getModifiers()) || !(withId || withoutId)
                    || !types[types.length - 1].getSimpleName().endsWith("Params")) {
                    continue;
                }
                recorder.path = null;
                try {
                    m.invoke(service, withId ? new Object[] { idForPath, null } : new Object[] { null });
                } catch (InvocationTargetException expected) {
                    // recorded
                }
                if (path.equals(recorder.path)) {
                    return types[types.length - 1];
                }
            }
        }
        return null;
    }

    /** The params class of a catalog resource's list, found by the path stripe-java requests. */
    Class<?> listParams(StripeResource r) throws Exception {
        String path = r.listPath().replace("{account}", "acct_1");
        return paramsClass("list", path, r.requiresAccount() ? "acct_1" : null);
    }

    /** The wire names of a parameter class's fields. */
    static Set<String> fieldNames(Class<?> params) {
        Set<String> names = new TreeSet<>();
        for (Field f : params.getDeclaredFields()) {
            SerializedName s = f.getAnnotation(SerializedName.class);
            if (s != null) {
                names.add(s.value());
            }
        }
        return names;
    }

    static Field field(Class<?> params, String name) {
        for (Field f : params.getDeclaredFields()) {
            SerializedName s = f.getAnnotation(SerializedName.class);
            if (s != null && s.value().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private void collect(Object service, Set<Class<?>> seen) throws Exception {
        services.add(service);
        for (Method m : service.getClass().getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            if (m.getParameterCount() == 0 && ApiService.class.isAssignableFrom(m.getReturnType())
                && seen.add(m.getReturnType())) {
                collect(m.invoke(service), seen);
            } else if (m.getName().equals("list") && m.getGenericReturnType() instanceof ParameterizedType p
                       && p.getRawType() == StripeCollection.class && p.getActualTypeArguments()[0] instanceof Class<?> c) {
                lists.add(new ListMethod(service, m, c));
            }
        }
    }
}
