package io.stripesync.camel.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.GeneratedPropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.util.TimeUtils;

/**
 * Checks the text of every endpoint option against its type before Camel binds it: Camel's conversion turns a number
 * it cannot read into 0 or null, so {@code maxRequestsPerSecond=abc} would silently turn pacing off. The types come from
 * the component's generated metadata ({@code stripe-sync.json}), so every option, ours and Camel's scheduled-poll ones,
 * is covered as soon as it exists.
 */
public final class OptionTextCheck {

    private static final String METADATA = "/META-INF/io/stripesync/camel/stripe-sync.json";
    private static final Pattern DURATION = Pattern.compile(
            "(?i)-?\\d+|(\\d+\\s*(ms|millis|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)\\s*)+");

    /** One option's type as the metadata gives it. */
    private record OptionType(String type, String javaType, List<String> values) {
    }

    private static volatile Map<String, OptionType> types;

    private OptionTextCheck() {
    }

    /** @throws IllegalArgumentException naming the option and the value when a value cannot be read as its type */
    public static void check(Map<String, Object> parameters) {
        Map<String, OptionType> known = types();
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            OptionType type = known.get(normalized(p.getKey()));
            if (type != null && p.getValue() instanceof String text && !text.startsWith("#")) {
                String problem = problem(type, text.trim());
                if (problem != null) {
                    throw new IllegalArgumentException("Option " + p.getKey() + " must be " + problem + ", was '" + text + "'");
                }
            }
        }
    }

    /** What the value should have been, or null when it reads as its type. */
    private static String problem(OptionType type, String text) {
        switch (type.type()) {
            case "integer":
                if (parsesAsLong(text)) {
                    return null;
                }
                // Camel's long scheduling options (delay, initialDelay) also take durations such as 5s
                boolean isLong = type.javaType().equals("long") || type.javaType().equals("java.lang.Long");
                return isLong && parsesAsDuration(text) ? null : isLong ? "a whole number or a duration such as 5s"
                        : "a whole number";
            case "duration":
                return parsesAsDuration(text) ? null : "milliseconds or a duration such as 30s or 1m";
            case "boolean":
                return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? null : "true or false";
            case "enum":
                for (String value : type.values()) {
                    if (value.equalsIgnoreCase(text)) {
                        return null;
                    }
                }
                return "one of " + String.join(", ", type.values());
            default:
                return null;
        }
    }

    /**
     * The component's properties configurer, checking each value before the generated one binds it: options set on
     * the component ({@code camel.component.stripe-sync.batch-size=abc}) fail as endpoint options do.
     */
    public static PropertyConfigurer checking(PropertyConfigurer generated) {
        return new Checking(generated);
    }

    private static final class Checking implements GeneratedPropertyConfigurer, PropertyConfigurerGetter {
        private final PropertyConfigurer generated;

        Checking(PropertyConfigurer generated) {
            this.generated = generated;
        }

        @Override
        public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
            check(Map.of(name, value == null ? "" : value));
            return generated.configure(camelContext, target, name, value, ignoreCase);
        }

        @Override
        public Class<?> getOptionType(String name, boolean ignoreCase) {
            return ((PropertyConfigurerGetter) generated).getOptionType(name, ignoreCase);
        }

        @Override
        public Object getOptionValue(Object target, String name, boolean ignoreCase) {
            return ((PropertyConfigurerGetter) generated).getOptionValue(target, name, ignoreCase);
        }

        @Override
        public String[] getAutowiredNames() {
            return ((PropertyConfigurerGetter) generated).getAutowiredNames();
        }

        @Override
        public Object getCollectionValueType(Object target, String name, boolean ignoreCase) {
            return ((PropertyConfigurerGetter) generated).getCollectionValueType(target, name, ignoreCase);
        }
    }

    /** Option names as Camel may pass them: camelCase, lower case or kebab-case all name the same option. */
    private static String normalized(String name) {
        return name.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static boolean parsesAsLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Camel's duration text in milliseconds.
     *
     * @return null when the text is no duration (TimeUtils alone would read it as 0)
     */
    public static Long durationMillis(String text) {
        return parsesAsDuration(text) ? TimeUtils.toMilliSeconds(text) : null;
    }

    /** Camel's duration text ({@code 500}, {@code 30s}, {@code 1m30s}, {@code PT5S}); TimeUtils reads anything else as 0. */
    private static boolean parsesAsDuration(String text) {
        if (!DURATION.matcher(text).matches() && !text.toUpperCase(Locale.ROOT).startsWith("PT")) {
            return false;
        }
        try {
            TimeUtils.toMilliSeconds(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<String, OptionType> types() {
        Map<String, OptionType> loaded = types;
        if (loaded == null) {
            loaded = load();
            types = loaded;
        }
        return loaded;
    }

    private static Map<String, OptionType> load() {
        try (InputStream in = OptionTextCheck.class.getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException("Component metadata " + METADATA + " is missing from the classpath");
            }
            JsonObject json = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, OptionType> map = new HashMap<>();
            List<Map.Entry<String, JsonElement>> options = new ArrayList<>(json.getAsJsonObject("properties").entrySet());
            options.addAll(json.getAsJsonObject("componentProperties").entrySet());
            for (Map.Entry<String, JsonElement> e : options) {
                JsonObject o = e.getValue().getAsJsonObject();
                List<String> values = new ArrayList<>();
                if (o.has("enum")) {
                    o.getAsJsonArray("enum").forEach(v -> values.add(v.getAsString()));
                }
                map.put(normalized(e.getKey()), new OptionType(o.get("type").getAsString().toLowerCase(Locale.ROOT),
                        o.get("javaType").getAsString(), List.copyOf(values)));
            }
            return Map.copyOf(map);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + METADATA, e);
        }
    }
}
